using static TorchSharp.torch;

namespace BrainTumor.Learning.Weights;

/// <summary>One named tensor of a weights file, as declared and checked, before its data is read.</summary>
public sealed record TensorEntry(string Key, ScalarType DType, long[] Shape)
{
    public long Count => Shape.Aggregate(1L, (n, s) => n * s);

    public static string Format(IReadOnlyList<long> shape) => $"[{string.Join(", ", shape)}]";
}
