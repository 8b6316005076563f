using TorchSharp;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Backbones.ResNetOnnx;

/// <summary>Pooling with the graph's exact (possibly asymmetric) padding.</summary>
public static class PaddedPooling
{
    /// <summary>
    /// Max pooling. Padding must never win a maximum, as in ONNX: the pool's own padding never does,
    /// and asymmetric pads that do not act as symmetric ones (<see cref="Pads2d.ActsAsSymmetric"/>)
    /// are filled with -infinity before an unpadded pool (a zero fill would differ wherever a window is all negative).
    /// </summary>
    public static Tensor MaxPool(Tensor input, PoolSpec spec)
    {
        if (spec.Pads.IsSymmetric || spec.Pads.ActsAsSymmetric(input.shape[2], input.shape[3], spec.Kernel, spec.Strides))
            return nn.functional.max_pool2d(input, spec.Kernel, spec.Strides, [spec.Pads.Top, spec.Pads.Left]);
        using var padded = nn.functional.pad(input, spec.Pads.ForTorchPad(), PaddingModes.Constant, double.NegativeInfinity);
        return nn.functional.max_pool2d(padded, spec.Kernel, spec.Strides, [0, 0]);
    }

    /// <summary>Average pooling without padding (the graph analysis rejects a padded one).</summary>
    public static Tensor AveragePool(Tensor input, PoolSpec spec) =>
        nn.functional.avg_pool2d(input, spec.Kernel, spec.Strides, [0, 0]);
}
