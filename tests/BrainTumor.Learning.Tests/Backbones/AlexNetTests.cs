using BrainTumor.Learning.Backbones;
using TorchSharp;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Tests.Backbones;

public class AlexNetTests
{
    private static readonly Device Meta = new(DeviceType.META);

    [Fact]
    public void Full_width_has_torchvisions_parameter_count_and_keys()
    {
        using var model = AlexNet.Create(1000, device: Meta);
        Assert.Equal(61_100_840, model.parameters().Sum(p => p.numel()));
        var expected = new[] { "features.0", "features.3", "features.6", "features.8", "features.10", "classifier.1", "classifier.4", "classifier.6" }
            .SelectMany(m => new[] { $"{m}.weight", $"{m}.bias" });
        Assert.Equal(expected, model.state_dict().Keys);
        Assert.Equal([4096L, 9216L], model.state_dict()["classifier.1.weight"].shape);
    }

    [Fact]
    public void Blocks_are_one_per_convolution_then_the_head_and_cover_every_parameter()
    {
        Assert.Equal(["block1", "block2", "block3", "block4", "block5", "head"], AlexNet.Blocks.Blocks.Select(b => b.Name));
        Assert.Equal(["features.6", "features.7"], AlexNet.Blocks.Blocks[2].Prefixes);
        using var model = AlexNet.Create(3, device: Meta);
        Assert.Empty(AlexNet.Blocks.Check(model.state_dict().Keys));
    }

    [Fact]
    public void Small_width_forward_at_224_gives_one_logit_per_class()
    {
        using var model = AlexNet.Create(3, widthDivisor: 16);
        model.eval();
        using var _ = no_grad();
        using var input = randn(1, 3, 224, 224);
        using var logits = model.forward(input);
        Assert.Equal([1L, 3L], logits.shape);
    }
}
