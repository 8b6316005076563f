using BrainTumor.Learning.Backbones.Onnx;
using BrainTumor.Learning.Backbones.ResNetOnnx;
using TorchSharp;
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

    [Theory]
    [InlineData(56, 3, 2, true)]   // layer2's first unit at 224: 28 outputs either way
    [InlineData(224, 7, 2, true)]  // the stem at 224 (pads 3, 3, 2, 2 below): 112 either way
    [InlineData(57, 3, 2, false)]  // an odd side: symmetric padding would add a 29th output
    [InlineData(2, 2, 1, false)]   // the hand-checked case above: 2 outputs, not 3
    public void Asymmetric_pads_act_as_symmetric_only_where_the_output_size_is_the_same(long side, long kernel, long stride, bool expected)
    {
        var pads = kernel == 7 ? new Pads2d(3, 3, 2, 2) : new Pads2d(kernel / 2, kernel / 2, 0, 0);

        Assert.Equal(expected, pads.ActsAsSymmetric(side, side, [kernel, kernel], [stride, stride]));
        Assert.False(new Pads2d(0, 0, 1, 1).ActsAsSymmetric(side, side, [kernel, kernel], [stride, stride])); // more at the bottom: never
    }

    [Theory]
    [InlineData(56)]
    [InlineData(57)]
    public void A_strided_convolution_gives_the_explicitly_padded_result_either_way(long side)
    {
        manual_seed(3);
        var weight = randn(8, 4, 3, 3);
        using var conv = new PaddedConv2d(new ConvSpec("conv", new OnnxTensor("w", [8, 4, 3, 3], weight.data<float>().ToArray()), null, [2, 2], new Pads2d(1, 1, 0, 0)));
        using var input = randn(2, 4, side, side);

        using var output = conv.call(input);
        using var reference = nn.functional.conv2d(nn.functional.pad(input, [1, 0, 1, 0]), weight, null, [2, 2], [0, 0]);

        Assert.Equal(reference.shape, output.shape);
        Assert.True(reference.allclose(output, rtol: 1e-5, atol: 1e-5), $"max difference {(reference - output).abs().max().item<float>()}");
    }

    [Theory]
    [InlineData(112)]
    [InlineData(113)]
    public void The_stem_max_pool_gives_the_minus_infinity_padded_result_either_way(long side)
    {
        manual_seed(4);
        using var input = randn(2, 3, side, side) - 10; // all negative: a zero fill would show
        var pool = new PoolSpec("pool", [3, 3], [2, 2], new Pads2d(1, 1, 0, 0));

        using var output = PaddedPooling.MaxPool(input, pool);
        using var reference = nn.functional.max_pool2d(nn.functional.pad(input, [1, 0, 1, 0], PaddingModes.Constant, double.NegativeInfinity), [3, 3], [2, 2], [0, 0]);

        Assert.Equal(reference.shape, output.shape);
        Assert.True(reference.eq(output).all().item<bool>());
    }
}
