using TorchSharp;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Backbones;

/// <summary>AlexNet with torchvision's ImageNet weights: one of Swati et al.'s comparisons.</summary>
public sealed class AlexNetBackbone() : TorchvisionBackbone(
    "alexnet",
    "AlexNet (Krizhevsky 2014, one weird trick; after Krizhevsky et al., NIPS 2012), torchvision layout; a comparison in Swati et al. (2019)",
    "alexnet-owt-7be5be79.pth",
    AlexNet.Blocks)
{
    public override nn.Module<Tensor, Tensor> Create(int classes, int widthDivisor = 1, Device? device = null) => AlexNet.Create(classes, widthDivisor, device);
}
