using BrainTumor.Learning.Backbones;
using BrainTumor.Learning.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Tests.Backbones;

public class VggTests
{
    private static readonly Device Meta = new(DeviceType.META);

    [Theory]
    [InlineData(19, 143_667_240)]
    [InlineData(16, 138_357_544)]
    [InlineData(11, 132_863_336)]
    public void Full_width_parameter_counts_are_torchvisions(int depth, long parameters)
    {
        using var model = Vgg.Build(depth, 1000, device: Meta);
        Assert.Equal(parameters, model.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void Vgg19_has_torchvisions_38_state_dict_keys()
    {
        using var model = Vgg.Vgg19(device: Meta);
        var keys = model.state_dict().Keys.ToList();
        Assert.Equal(38, keys.Count);
        var convolutions = new[] { 0, 2, 5, 7, 10, 12, 14, 16, 19, 21, 23, 25, 28, 30, 32, 34 };
        var expected = convolutions.Select(i => $"features.{i}").Concat(["classifier.0", "classifier.3", "classifier.6"])
            .SelectMany(m => new[] { $"{m}.weight", $"{m}.bias" });
        Assert.Equal(expected, keys);
    }

    [Fact]
    public void Width_8_vgg19_matches_the_pytorch_fixture_key_for_key_and_shape_for_shape()
    {
        using var model = Vgg.Vgg19(Vgg19Fixture.Classes, Vgg19Fixture.WidthDivisor, Meta);
        var actual = model.state_dict().Select(kv => (kv.Key, kv.Value.shape)).ToList();
        var expected = Vgg19Fixture.Keys();
        Assert.Equal(expected.Select(e => e.Key), actual.Select(a => a.Key));
        foreach (var ((key, shape), (_, actualShape)) in expected.Zip(actual))
            Assert.True(shape.SequenceEqual(actualShape), $"{key}: fixture {string.Join(",", shape)}, model {string.Join(",", actualShape)}");
    }

    [Fact]
    public void Vgg19_blocks_are_the_convolutions_between_the_max_pools()
    {
        var map = Vgg.Blocks(19);
        Assert.Equal(["block1", "block2", "block3", "block4", "block5", "head"], map.Blocks.Select(b => b.Name));
        int[][] ranges = [[0, 3], [5, 8], [10, 17], [19, 26], [28, 35]];
        foreach (var (block, range) in map.Blocks.Zip(ranges))
            Assert.Equal(Enumerable.Range(range[0], range[1] - range[0] + 1).Select(i => $"features.{i}"), block.Prefixes);
        Assert.Equal(["classifier"], map.Head.Prefixes);
        Assert.Equal("classifier.6", map.OutputLayer);
        using var model = Vgg.Vgg19(device: Meta);
        Assert.Empty(map.Check(model.state_dict().Keys));
    }

    [Fact]
    public void A_three_class_head_replaces_the_last_layer_only()
    {
        using var imagenet = Vgg.Vgg19(1000, device: Meta);
        using var tumour = Vgg.Vgg19(3, device: Meta);
        var differing = imagenet.state_dict().Where(kv => !kv.Value.shape.SequenceEqual(tumour.state_dict()[kv.Key].shape)).Select(kv => kv.Key);
        Assert.Equal(["classifier.6.weight", "classifier.6.bias"], differing);
        Assert.Equal([3L, 4096L], tumour.state_dict()["classifier.6.weight"].shape);
    }

    [Fact]
    public void Forward_gives_one_logit_per_class_and_leaves_no_tensor_behind()
    {
        using var model = Vgg.Vgg19(3, widthDivisor: 16);
        model.eval();
        using var input = randn(2, 3, 32, 32);
        using var _ = no_grad();
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        using var logits = model.forward(input);
        Assert.Equal([2L, 3L], logits.shape);
        Assert.Equal(before + 1, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(128)]
    public void A_width_divisor_that_does_not_divide_every_width_is_refused(int divisor)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Vgg.Vgg19(3, divisor, Meta));
        Assert.Contains("divisor of 64", e.Message);
    }

    [Fact]
    public void Unknown_depth_is_refused_naming_the_known_ones()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Vgg.Blocks(18));
        Assert.Contains("11, 13, 16, 19", e.Message);
    }
}
