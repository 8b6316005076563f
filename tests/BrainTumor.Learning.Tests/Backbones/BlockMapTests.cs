using BrainTumor.Learning.Backbones;

namespace BrainTumor.Learning.Tests.Backbones;

public class BlockMapTests
{
    private static readonly BlockMap Map = Vgg.Blocks(19);

    [Fact]
    public void Prefixes_match_whole_module_paths()
    {
        Assert.Equal("block1", Map.BlockOf("features.2.weight").Name);
        Assert.Equal("block3", Map.BlockOf("features.10.weight").Name);
        Assert.Equal("head", Map.BlockOf("classifier.6.bias").Name);
        Assert.Throws<ArgumentException>(() => Map.BlockOf("features.4.weight")); // a max pool: no parameters, no block
    }

    [Fact]
    public void Stage_k_trains_the_head_and_the_k_deepest_blocks()
    {
        Assert.Equal(["head"], Map.TrainedAt(0).Select(b => b.Name));
        Assert.Equal(["block5", "head"], Map.TrainedAt(1).Select(b => b.Name));
        Assert.Equal(Map.Blocks, Map.TrainedAt(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Map.TrainedAt(6));
    }

    [Fact]
    public void The_output_layer_is_the_last_layer_only()
    {
        Assert.True(Map.IsOutputLayer("classifier.6.weight"));
        Assert.False(Map.IsOutputLayer("classifier.0.weight"));
        Assert.False(Map.IsOutputLayer("classifier.60.weight"));
    }

    [Fact]
    public void Check_names_parameters_outside_any_block_and_empty_blocks()
    {
        var problems = Map.Check(["features.0.weight", "extra.weight"]);
        Assert.Contains("extra.weight: in no block", problems);
        Assert.Contains("block2: a block that holds no parameter", problems);
    }

    [Fact]
    public void A_map_whose_output_layer_is_outside_the_head_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new BlockMap([new ModelBlock("stem", ["conv"]), new ModelBlock("head", ["fc"])], "conv"));
        Assert.Contains("not inside the head", e.Message);
    }
}
