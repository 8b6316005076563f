namespace BrainTumor.Learning.Weights;

/// <summary>A module-level name a pickle refers to (<c>torch._utils._rebuild_tensor_v2</c>); only
/// ever a name here, never resolved to anything that runs.</summary>
internal sealed record PickleGlobal(string Module, string Name)
{
    public override string ToString() => $"{Module}.{Name}";
}
