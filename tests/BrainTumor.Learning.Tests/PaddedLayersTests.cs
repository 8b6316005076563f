using BrainTumor.Learning.Backbones.Onnx;
using BrainTumor.Learning.Backbones.ResNetOnnx;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Tests;

/// <summary>CNTK's asymmetric pads on inputs small enough to check by hand.</summary>
public class PaddedLayersTests
{
    [Fact]
    public void Asymmetric_max_pool_padding_never_wins_a_maximum()
    {
        // All values negative: a zero fill would put 0 in the first row and column.
        using var input = -arange(1, 17, dtype: float32).reshape(1, 1, 4, 4);
        var pool = new PoolSpec("pool", [3, 3], [2, 2], new Pads2d(1, 1, 0, 0));

        using var output = PaddedPooling.MaxPool(input, pool);

        // Windows start at -1 and 1 (rows and columns): the maxima are the top-left reachable values.
        Assert.Equal(new long[] { 1, 1, 2, 2 }, output.shape);
        Assert.Equal(new float[] { -1, -2, -5, -6 }, output.data<float>().ToArray());
    }

    [Fact]
    public void Asymmetric_convolution_padding_pads_top_and_left_only()
    {
        // A 2x2 kernel of ones, stride 1, pads [top 1, left 1, bottom 0, right 0] on a 2x2 input:
        // output (i, j) sums input rows i-1..i and columns j-1..j.
        var weight = new OnnxTensor("w", [1, 1, 2, 2], [1, 1, 1, 1]);
        using var conv = new PaddedConv2d(new ConvSpec("conv", weight, null, [1, 1], new Pads2d(1, 1, 0, 0)));
        using var input = tensor(new float[] { 1, 2, 3, 4 }, [1, 1, 2, 2]);

        using var output = conv.call(input);

        Assert.Equal(new float[] { 1, 3, 4, 10 }, output.data<float>().ToArray());
    }
}
