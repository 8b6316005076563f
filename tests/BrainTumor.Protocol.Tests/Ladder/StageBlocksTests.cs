using BrainTumor.Protocol.Ladder;

namespace BrainTumor.Protocol.Tests.Ladder;

public class StageBlocksTests
{
    [Theory]
    [InlineData(5, 0, 5)] // head only: all five blocks frozen
    [InlineData(5, 1, 4)]
    [InlineData(5, 5, 0)] // every block trains
    [InlineData(0, 0, 0)]
    public void A_stage_trains_the_deepest_blocks_and_freezes_the_rest(int bodyBlocks, int depth, int firstTrainable) =>
        Assert.Equal(firstTrainable, StageBlocks.FirstTrainable(bodyBlocks, depth));

    [Theory]
    [InlineData(5, 6)]
    [InlineData(5, -1)]
    public void A_depth_outside_the_ladder_is_refused_with_its_range(int bodyBlocks, int depth)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => StageBlocks.FirstTrainable(bodyBlocks, depth));
        Assert.Equal("depth", error.ParamName);
        Assert.Contains("0 (head only) to 5 (every block)", error.Message);
    }
}
