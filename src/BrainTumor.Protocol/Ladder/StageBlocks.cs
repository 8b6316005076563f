namespace BrainTumor.Protocol.Ladder;

/// <summary>
/// The arithmetic of the block-wise ladder (Swati et al. 2019), in one place. A backbone has
/// <c>bodyBlocks</c> blocks before its head, numbered from the input side; stage <c>depth</c> trains
/// the head and the <c>depth</c> deepest of them, so depth runs from 0 (the head alone) to
/// <c>bodyBlocks</c> (every block) and the blocks before the first trainable one stay frozen.
/// </summary>
public static class StageBlocks
{
    /// <summary>
    /// The index of the first block stage <paramref name="depth"/> trains, which is also how many
    /// blocks it keeps frozen (the frozen prefix the activation cache can serve).
    /// </summary>
    public static int FirstTrainable(int bodyBlocks, int depth)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bodyBlocks);
        if (depth < 0 || depth > bodyBlocks)
            throw new ArgumentOutOfRangeException(nameof(depth), depth, $"a stage depth is 0 (head only) to {bodyBlocks} (every block)");
        return bodyBlocks - depth;
    }
}
