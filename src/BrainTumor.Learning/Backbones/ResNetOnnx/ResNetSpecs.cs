using BrainTumor.Learning.Backbones.Onnx;

namespace BrainTumor.Learning.Backbones.ResNetOnnx;

/// <summary>
/// Padding of a 2-d window as the graph gives it. CNTK pads asymmetrically (more at the top and
/// left than at the bottom and right); replacing that by PyTorch's symmetric padding would shift
/// every feature map by a pixel, so the exact four sides are kept.
/// </summary>
public readonly record struct Pads2d(long Top, long Left, long Bottom, long Right)
{
    /// <summary>ONNX order for 2-d: [x1_begin, x2_begin, x1_end, x2_end] = [top, left, bottom, right].</summary>
    public static Pads2d FromOnnx(long[] pads) => pads.Length switch
    {
        0 => default,
        4 => new Pads2d(pads[0], pads[1], pads[2], pads[3]),
        _ => throw new InvalidDataException($"expected 4 pads for a 2-d window, got [{string.Join(", ", pads)}]"),
    };

    public bool IsSymmetric => Top == Bottom && Left == Right;

    public bool IsZero => this == default;

    /// <summary>The order torch's pad takes for the last two dimensions: left, right, top, bottom.</summary>
    public long[] ForTorchPad() => [Left, Right, Top, Bottom];

    /// <summary>
    /// Whether padding both sides by <see cref="Top"/> (rows) and <see cref="Left"/> (columns), as a
    /// convolution or pool does itself, gives exactly these pads' output for a window of
    /// <paramref name="kernel"/> and <paramref name="strides"/> over <paramref name="height"/> x <paramref name="width"/>.
    /// It does when the output size comes out the same: the windows then start at the same offsets
    /// and none reaches past these pads' (smaller) bottom or right edge, so every value read is the
    /// same. CNTK's strided layers at 224x224 are all such cases; using the layer's own padding there
    /// skips a padded copy of the input, which cost more than the layer itself (docs/BENCHMARKS.md).
    /// </summary>
    public bool ActsAsSymmetric(long height, long width, long[] kernel, long[] strides) =>
        Top >= Bottom && Left >= Right
        && Output(height, Top + Bottom, kernel[0], strides[0]) == Output(height, 2 * Top, kernel[0], strides[0])
        && Output(width, Left + Right, kernel[1], strides[1]) == Output(width, 2 * Left, kernel[1], strides[1]);

    private static long Output(long size, long padding, long kernel, long stride) => (size + padding - kernel) / stride + 1;

    public override string ToString() => $"[{Top}, {Left}, {Bottom}, {Right}]";
}

/// <summary>A convolution node: its weight [out, in, kh, kw], optional bias, strides and pads.</summary>
public sealed record ConvSpec(string Node, OnnxTensor Weight, OnnxTensor? Bias, long[] Strides, Pads2d Pads)
{
    public long OutChannels => Weight.Shape[0];
}

/// <summary>
/// A BatchNormalization node. <paramref name="OnnxMomentum"/> is ONNX's (and CNTK's) convention,
/// running = running * m + batch * (1 - m); PyTorch's momentum is 1 - m.
/// </summary>
public sealed record BatchNormSpec(string Node, OnnxTensor Scale, OnnxTensor Bias, OnnxTensor Mean, OnnxTensor Variance, float Epsilon, float OnnxMomentum);

/// <summary>A pooling node (MaxPool or AveragePool).</summary>
public sealed record PoolSpec(string Node, long[] Kernel, long[] Strides, Pads2d Pads);

/// <summary>The stem: convolution, BatchNorm, ReLU, max pool.</summary>
public sealed record StemSpec(ConvSpec Conv, BatchNormSpec Norm, PoolSpec MaxPool);

/// <summary>A shortcut that projects (1x1 convolution and BatchNorm) where the unit changes shape.</summary>
public sealed record ProjectionSpec(ConvSpec Conv, BatchNormSpec Norm);

/// <summary>
/// A basic residual unit: relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)); the shortcut is
/// the identity unless <see cref="Projection"/> is set.
/// </summary>
public sealed record UnitSpec(ConvSpec Conv1, BatchNormSpec Norm1, ConvSpec Conv2, BatchNormSpec Norm2, ProjectionSpec? Projection)
{
    public long OutChannels => Conv2.OutChannels;
}

/// <summary>
/// The residual network a graph describes: stem, stages of units (a new stage wherever the
/// channel count changes), the final average pool, and the input size the graph was made for.
/// </summary>
public sealed record ResNetTopology(
    string InputName,
    long[] InputShape,
    string OutputName,
    StemSpec Stem,
    IReadOnlyList<IReadOnlyList<UnitSpec>> Stages,
    PoolSpec AveragePool)
{
    public long FeatureChannels => Stages[^1][^1].OutChannels;
}
