using static TorchSharp.torch;

namespace BrainTumor.Learning.Backbones;

/// <summary>
/// What the stage trainer needs of a network: its blocks, a way to freeze all but the head and the
/// k deepest blocks, and a way to run a range of blocks (the frozen prefix once, for the activation
/// cache; the trainable rest every step). Block indices are positions in <see cref="Blocks"/>:
/// <c>ForwardBlocks(x, 0, Blocks.Blocks.Count)</c> is the whole network.
/// </summary>
public interface IBlockwiseNetwork
{
    BlockMap Blocks { get; }

    /// <summary>Trains the head and the <paramref name="deepest"/> deepest blocks, freezes the rest.
    /// <paramref name="unfrozenBatchNorm"/> matters only for networks with BatchNorm.</summary>
    void SetTrainableBlocks(int deepest, UnfrozenBatchNorm unfrozenBatchNorm = UnfrozenBatchNorm.FixedStatistics);

    /// <summary>Runs blocks <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive)
    /// on <paramref name="input"/>, the output of block <paramref name="from"/> - 1 (or the image).</summary>
    Tensor ForwardBlocks(Tensor input, int from, int to);
}
