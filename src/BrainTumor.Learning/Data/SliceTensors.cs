using System.Runtime.CompilerServices;
using BrainTumor.Imaging.Preprocessing;
using TorchSharp;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Data;

/// <summary>Turns preprocessed slices into network input batches.</summary>
public static class SliceTensors
{
    // Per normalisation, its affine form (computed once: the mean image alone is 3 x 224 x 224 values).
    private static readonly ConditionalWeakTable<InputNormalization, Affine> Affines = new();

    /// <summary>
    /// A float32 batch [B, 3, H, W] of the given slices: the grey channel replicated to three,
    /// then the backbone's normalisation applied per channel (and per pixel, with a mean image).
    /// </summary>
    public static Tensor Batch(PreprocessedSlices slices, IReadOnlyList<int> indices, InputNormalization normalization, Device? device = null)
    {
        return Batch(Pixels(slices, indices), slices.Size, normalization, device);
    }

    /// <summary>The grey slices [B, 1, H, W] in [0, 1], before any normalisation (what augmentation changes).</summary>
    public static Tensor Grey(PreprocessedSlices slices, IReadOnlyList<int> indices)
    {
        return tensor(Pixels(slices, indices), [indices.Count, 1, slices.Size, slices.Size]);
    }

    // The slices' grey values end to end, as the preprocessed cache holds them.
    private static float[] Pixels(PreprocessedSlices slices, IReadOnlyList<int> indices)
    {
        var size = slices.Size;
        var pixels = new float[indices.Count * size * size];
        for (var i = 0; i < indices.Count; i++)
            slices.CopySliceTo(indices[i], pixels.AsSpan(i * size * size, size * size));
        return pixels;
    }

    /// <summary>Grey slices [B, 1, H, W] normalised for the backbone into [B, 3, H, W], as <see cref="Batch(PreprocessedSlices, IReadOnlyList{int}, InputNormalization, Device?)"/> does.</summary>
    public static Tensor Normalize(Tensor grey, InputNormalization normalization)
    {
        var size = (int)grey.shape[3];
        if (normalization.MeanImage is { } meanImage && meanImage.Size != size)
            throw new ArgumentException($"normalisation '{normalization.Name}' subtracts a {meanImage.Size}x{meanImage.Size} mean image, not {size}x{size}", nameof(grey));
        var affine = Affines.GetValue(normalization, n => new Affine(n));
        return addcmul(affine.Offset.to(grey.device), grey, affine.Gain.to(grey.device), 1);
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
        // One pass into the output: offset + grey x gain, broadcast over batch and channels. Four
        // element-wise steps over [B, 3, H, W] (scale, mean, mean image, deviation) each wrote a
        // fresh tensor of the batch's size, and fresh memory is what costs most here.
        var affine = Affines.GetValue(normalization, n => new Affine(n));
        var grey = frombuffer(pixels, ScalarType.Float32).view(count, 1, size, size); // shares the array: no copy
        return addcmul(affine.Offset, grey, affine.Gain, 1).to(device ?? CPU).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// (x * Scale - Mean[c] - MeanImage[c, y, x]) / Std[c] as x * Gain[c] + Offset[c, y, x]:
    /// Gain = Scale / Std, Offset = -(Mean + MeanImage) / Std; [1, 3, 1, 1] and [1, 3, 1 or H, 1 or W].
    /// Held for the life of the normalisation (outside any dispose scope).
    /// </summary>
    private sealed class Affine
    {
        public Affine(InputNormalization normalization)
        {
            using var scope = NewDisposeScope();
            var std = tensor(normalization.Std, [1, 3, 1, 1]);
            var mean = tensor(normalization.Mean, [1, 3, 1, 1]);
            if (normalization.MeanImage is { } image)
                mean = mean + tensor(image.Values, [1, 3, image.Size, image.Size]);
            Gain = (normalization.Scale / std).DetachFromDisposeScope();
            Offset = (-mean / std).DetachFromDisposeScope();
        }

        public Tensor Gain { get; }

        public Tensor Offset { get; }
    }
}
