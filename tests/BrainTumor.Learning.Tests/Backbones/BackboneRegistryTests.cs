using BrainTumor.Learning.Backbones;
using TorchSharp;
using BrainTumor.Learning.Data;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Tests.Backbones;

public class BackboneRegistryTests
{
    [Fact]
    public void Finds_every_definition()
    {
        Assert.Equal(["alexnet", "resnet18-imagenet", "vgg16", "vgg19"], BackboneRegistry.Names);
        Assert.Equal(BackboneRegistry.Names.Order(StringComparer.Ordinal), BackboneRegistry.Names);
    }

    [Fact]
    public void Unknown_names_are_refused_listing_the_known_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => BackboneRegistry.Get("vgg99"));
        Assert.Contains("unknown backbone 'vgg99'", e.Message);
        Assert.Contains("vgg19", e.Message);
    }

    [Theory]
    [InlineData("vgg19", 139_582_531)]
    [InlineData("vgg16", 134_272_835)]
    [InlineData("alexnet", 57_016_131)]
    public void Each_definition_builds_a_three_class_model_its_block_map_covers(string name, long parameters)
    {
        var backbone = BackboneRegistry.Get(name);
        Assert.Equal(224, backbone.InputSize);
        Assert.Same(InputNormalization.ImageNet, backbone.Normalization);
        Assert.Equal(parameters, backbone.CountParameters(3));
        using var model = backbone.Create(3, 1, new Device(DeviceType.META));
        Assert.Empty(backbone.Blocks.Check(model.state_dict().Keys));
        Assert.EndsWith(".pth", backbone.DefaultWeights.ExpectedPath("/weights"));
    }

    [Fact]
    public void Resnet18_imagenet_is_registered_with_its_packaged_weights_and_mean_image()
    {
        var backbone = BackboneRegistry.Get("resnet18-imagenet");
        Assert.Equal(224, backbone.InputSize);
        Assert.Equal(["stem", "layer1", "layer2", "layer3", "layer4", "head"], backbone.Blocks.Blocks.Select(b => b.Name));
        Assert.Equal("head", backbone.Blocks.OutputLayer);
        Assert.Equal(224, backbone.Normalization.MeanImage!.Size);
        // 15,897,152 ImageNet feature parameters + a 512 x 3 head with 3 biases.
        Assert.Equal(15_897_152 + 512 * 3 + 3, backbone.CountParameters(3));
        var onnx = backbone.DefaultWeights.ExpectedPath("/ignored/weights/folder");
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx"), onnx);
        var check = backbone.CheckWeights(onnx, 3);
        Assert.Equal((66, 15_897_152L), (check.Tensors, check.Values));
        using var model = backbone.Create(3);
        Assert.Empty(backbone.Blocks.Check(model.state_dict().Keys));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => backbone.Create(3, widthDivisor: 8));
        Assert.Contains("widths are fixed", e.Message);
    }
}
