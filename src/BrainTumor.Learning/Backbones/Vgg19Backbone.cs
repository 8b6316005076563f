using TorchSharp;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Backbones;

/// <summary>VGG19 with torchvision's ImageNet weights: the network of Swati et al. (2019).</summary>
public sealed class Vgg19Backbone() : TorchvisionBackbone(
    "vgg19",
    "VGG19 (Simonyan & Zisserman, ICLR 2015), torchvision layout; the network of Swati et al. (2019)",
    "vgg19-dcbb9e9d.pth",
    Vgg.Blocks(19))
{
    public override nn.Module<Tensor, Tensor> Create(int classes, int widthDivisor = 1, Device? device = null) => Vgg.Vgg19(classes, widthDivisor, device);
}
