using static TorchSharp.torch;

namespace BrainTumor.Learning.Tests.Support;

internal static class TensorAssert
{
    public static void Close(Tensor expected, Tensor actual, double tolerance)
    {
        Assert.Equal(expected.shape, actual.shape);
        using var difference = (expected - actual).abs().max();
        var largest = difference.item<float>();
        Assert.True(largest <= tolerance, $"largest difference {largest:g6} exceeds {tolerance:g3}");
    }

    public static void Same(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        using var elementwise = expected.eq(actual);
        using var equal = elementwise.all();
        Assert.True(equal.item<bool>(), "tensors differ");
    }
}
