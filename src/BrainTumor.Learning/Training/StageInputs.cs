using BrainTumor.Learning.Data;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Training;

/// <summary>
/// What the trainable part of the network reads: for a list of slice positions, the output of
/// block <see cref="StartBlock"/> - 1 (the image itself when <see cref="StartBlock"/> is 0).
/// </summary>
internal interface IStageInputs
{
    int StartBlock { get; }

    /// <summary>A float32 batch; <paramref name="draws"/> (one per position) changes the images (<see cref="Augmentation"/>).</summary>
    Tensor Batch(IReadOnlyList<int> positions, IReadOnlyList<AugmentationDraw>? draws = null);
}

/// <summary>Images, normalised for the backbone: the whole network runs on them (full recomputation).</summary>
internal sealed class ImageInputs(StageData data) : IStageInputs
{
    public int StartBlock => 0;

    public Tensor Batch(IReadOnlyList<int> positions, IReadOnlyList<AugmentationDraw>? draws = null)
    {
        if (draws is not null && draws.Any(d => !d.IsIdentity && d != AugmentationDraw.Flipped))
            return Changed(positions, draws);
        var batch = SliceTensors.Batch(data.Slices, positions, data.Normalization);
        if (draws is null || !draws.Any(d => d.Flip))
            return batch;
        using var scope = NewDisposeScope();
        var mirrored = batch.flip(3);
        // A mean image is subtracted after the flip, not flipped with it: add back its mirror's difference.
        if (data.Normalization.MeanImage is { } image)
        {
            var mean = tensor(image.Values, [1, 3, image.Size, image.Size]);
            var std = tensor(data.Normalization.Std, [1, 3, 1, 1]);
            mirrored = mirrored + (mean.flip(3) - mean) / std;
        }
        var mask = tensor(draws.Select(d => d.Flip).ToArray()).reshape(-1, 1, 1, 1);
        var flipped = where(mask, mirrored, batch);
        batch.Dispose();
        return flipped.MoveToOuterDisposeScope();
    }

    // Warps and grey-value changes act on the grey slice, before the normalisation.
    private Tensor Changed(IReadOnlyList<int> positions, IReadOnlyList<AugmentationDraw> draws)
    {
        using var scope = NewDisposeScope();
        var grey = SliceTensors.Grey(data.Slices, positions);
        return SliceTensors.Normalize(GreyAugmenter.Apply(grey, draws), data.Normalization).MoveToOuterDisposeScope();
    }
}
