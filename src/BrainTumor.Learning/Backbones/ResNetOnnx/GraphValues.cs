using System.Runtime.InteropServices;
using BrainTumor.Learning.Backbones.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Backbones.ResNetOnnx;

/// <summary>Puts a graph initializer's values back into the tensor a layer made from it.</summary>
internal static class GraphValues
{
    /// <summary>Copies <paramref name="values"/> into <paramref name="target"/> in place (straight into its memory on the CPU).</summary>
    public static void Restore(Tensor target, OnnxTensor values)
    {
        if (target.device_type == DeviceType.CPU && target.is_contiguous())
        {
            MemoryMarshal.AsBytes(values.Data.AsSpan()).CopyTo(target.bytes);
            return;
        }
        using var noGrad = no_grad();
        using var source = tensor(values.Data, values.Shape);
        target.copy_(source);
    }
}
