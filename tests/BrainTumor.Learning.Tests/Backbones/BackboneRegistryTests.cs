using BrainTumor.Learning.Backbones;
using TorchSharp;
using BrainTumor.Learning.Data;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Tests.Backbones;

public class BackboneRegistryTests
{
    [Fact]
    public void Finds_the_vgg_and_alexnet_definitions()
    {
        Assert.Subset(BackboneRegistry.Names.ToHashSet(), new HashSet<string> { "alexnet", "vgg16", "vgg19" });
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
}
