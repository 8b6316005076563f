using TorchSharp;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Backbones;

/// <summary>VGG16 with torchvision's ImageNet weights: one of Swati et al.'s comparisons.</summary>
public sealed class Vgg16Backbone() : TorchvisionBackbone(
    "vgg16",
    "VGG16 (Simonyan & Zisserman, ICLR 2015), torchvision layout; a comparison in Swati et al. (2019)",
    "vgg16-397923af.pth",
    Vgg.Blocks(16))
{
    public override nn.Module<Tensor, Tensor> Create(int classes, int widthDivisor = 1, Device? device = null) => Vgg.Vgg16(classes, widthDivisor, device);
}
