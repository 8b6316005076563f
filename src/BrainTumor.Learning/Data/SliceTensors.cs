using BrainTumor.Imaging.Preprocessing;
using TorchSharp;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Data;

/// <summary>Turns preprocessed slices into network input batches.</summary>
public static class SliceTensors
{
    /// <summary>
    /// A float32 batch [B, 3, H, W] of the given slices: the grey channel replicated to three,
    /// then the backbone's normalisation applied per channel (and per pixel, with a mean image).
    /// </summary>
    public static Tensor Batch(PreprocessedSlices slices, IReadOnlyList<int> indices, InputNormalization normalization, Device? device = null)
    {
        var size = slices.Size;
        var pixels = new float[indices.Count * size * size];
        for (var i = 0; i < indices.Count; i++)
            slices.CopySliceTo(indices[i], pixels.AsSpan(i * size * size, size * size));
        return Batch(pixels, size, normalization, device);
    }

    /// <summary>The same batch from slices laid end to end (each <paramref name="size"/> x <paramref name="size"/>,
    /// as <see cref="SlicePreprocessor.Process"/> returns them).</summary>
    public static Tensor Batch(float[] pixels, int size, InputNormalization normalization, Device? device = null)
    {
        if (normalization.MeanImage is { } meanImage && meanImage.Size != size)
            throw new ArgumentException(
                $"normalisation '{normalization.Name}' subtracts a {meanImage.Size}x{meanImage.Size} mean image; preprocess the slices at {meanImage.Size}, not {size}",
                nameof(size));
        if (pixels.Length % (size * size) != 0)
            throw new ArgumentException($"{pixels.Length} values are not whole {size}x{size} slices", nameof(pixels));
        var count = pixels.Length / (size * size);
        using var scope = NewDisposeScope();
        var grey = tensor(pixels, [count, 1, size, size]);
        var mean = tensor(normalization.Mean, [1, 3, 1, 1]);
        var std = tensor(normalization.Std, [1, 3, 1, 1]);
        var shifted = grey.expand(count, 3, size, size) * normalization.Scale - mean;
        if (normalization.MeanImage is { } image)
            shifted -= tensor(image.Values, [1, 3, size, size]);
        var batch = shifted / std;
        return batch.to(device ?? CPU).MoveToOuterDisposeScope();
    }
}
