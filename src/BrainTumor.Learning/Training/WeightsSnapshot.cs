using TorchSharp;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Training;

/// <summary>Copies of a model's parameters and buffers by state-dict name, held outside any dispose scope (best weights of a stage, the chosen depth of a fold).</summary>
internal static class WeightsSnapshot
{
    /// <summary>A copy of the model's entries, or of those <paramref name="only"/> names (what a stage can change).</summary>
    public static Dictionary<string, Tensor> Take(nn.Module model, IReadOnlySet<string>? only = null)
    {
        using var noGrad = no_grad();
        return model.state_dict().Where(kv => only is null || only.Contains(kv.Key))
            .ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone().DetachFromDisposeScope());
    }

    /// <summary>Copies the entries both hold (a snapshot may hold only some of a model's).</summary>
    public static void Copy(IReadOnlyDictionary<string, Tensor> from, IReadOnlyDictionary<string, Tensor> to)
    {
        using var noGrad = no_grad();
        foreach (var (name, target) in to)
            if (from.TryGetValue(name, out var source))
                target.copy_(source);
    }

    public static void Release(Dictionary<string, Tensor>? weights)
    {
        if (weights is null)
            return;
        foreach (var tensor in weights.Values)
            tensor.Dispose();
    }
}
