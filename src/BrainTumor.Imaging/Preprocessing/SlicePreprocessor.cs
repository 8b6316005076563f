using BrainTumor.Imaging.Reading;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace BrainTumor.Imaging.Preprocessing;

/// <summary>
/// The paper's "minimal preprocessing" (Swati et al., 2019), the part that does not depend on the
/// network: per-image intensity normalisation to [0, 1] (min-max, or up to a high percentile), an
/// optional crop to the brain (<see cref="BrainCrop"/>), then a resize to the backbone's square
/// input. Grey is replicated to three channels and the backbone's own normalisation (ImageNet mean
/// and deviation, or its preset) is applied when the batch tensor is built, so the cache holds one
/// channel and serves every backbone of the same input size.
/// The output is 16-bit unsigned normalised (value / 65535 in [0, 1]): the resize already works at
/// that precision, so storing it loses nothing against float32 and halves the memory a dataset
/// holds and the bytes its cache entry carries.
/// </summary>
public static class SlicePreprocessor
{
    /// <summary>Part of every cache key: bump it whenever the output of <see cref="Process"/> or the cache format changes.</summary>
    public const int Version = 3;

    /// <summary>The percentile that <see cref="IntensityScaling.Percentile"/> maps to 1.</summary>
    public const double HighPercentile = 99.5;

    public static ushort[] Process(SliceImage slice, SlicePreparation preparation)
    {
        var size = preparation.Size;
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 8);
        var unit = Scaled(slice, preparation.Scaling);
        var (width, height) = (slice.Width, slice.Height);
        if (preparation.CropToBrain)
        {
            var (left, top, side) = BrainCrop.Window(unit, width, height);
            unit = Window(unit, width, height, left, top, side);
            (width, height) = (side, side);
        }

        var output = new ushort[size * size];
        if (width == size && height == size)
        {
            for (var i = 0; i < output.Length; i++)
                output[i] = Unorm16(unit[i]);
            return output;
        }

        // 16 bits keep the normalised intensities finer than any 8-bit rendering. The triangle
        // filter widens with the scale factor, like PIL's and torchvision's antialiased bilinear
        // resize, so downsampling 512 -> 224 does not alias.
        using var image = new Image<L16>(width, height);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                    row[x] = new L16(Unorm16(unit[y * rows.Width + x]));
            }
        });
        image.Mutate(c => c.Resize(new ResizeOptions { Size = new Size(size, size), Mode = ResizeMode.Stretch, Sampler = KnownResamplers.Triangle }));
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                    output[y * size + x] = row[x].PackedValue;
            }
        });
        return output;
    }

    /// <summary>The slice's intensities scaled to [0, 1]: the minimum to 0, the maximum (or the high percentile, brighter ones clipped) to 1.</summary>
    private static float[] Scaled(SliceImage slice, IntensityScaling scaling)
    {
        var (min, max) = slice.RequireContrast();
        var high = scaling == IntensityScaling.Percentile ? Percentile(slice.Pixels, HighPercentile) : max;
        // A slice that is almost all one value has its percentile there too: fall back to the maximum.
        if (high <= min)
            high = max;
        var scale = 1f / (high - min);
        var unit = new float[slice.Pixels.Length];
        for (var i = 0; i < unit.Length; i++)
            unit[i] = Math.Min(1f, (slice.Pixels[i] - min) * scale);
        return unit;
    }

    /// <summary>The nearest-rank percentile of the values.</summary>
    private static float Percentile(float[] values, double percent)
    {
        var sorted = (float[])values.Clone();
        Array.Sort(sorted);
        return sorted[(int)Math.Round(percent / 100 * (sorted.Length - 1))];
    }

    /// <summary>The side x side window at (left, top); what lies outside the slice is 0 (the scaled minimum, the MR background).</summary>
    private static float[] Window(float[] unit, int width, int height, int left, int top, int side)
    {
        var window = new float[side * side];
        for (var y = Math.Max(0, top); y < Math.Min(height, top + side); y++)
        {
            var x0 = Math.Max(0, left);
            var x1 = Math.Min(width, left + side);
            unit.AsSpan(y * width + x0, x1 - x0).CopyTo(window.AsSpan((y - top) * side + (x0 - left)));
        }
        return window;
    }

    private static ushort Unorm16(float unit) => (ushort)MathF.Round(unit * ushort.MaxValue);

    /// <summary>Preprocessed 16-bit values as float32 in [0, 1] (value / 65535), as training reads them.</summary>
    public static void ToUnitRange(ReadOnlySpan<ushort> values, Span<float> destination)
    {
        for (var i = 0; i < values.Length; i++)
            destination[i] = values[i] / (float)ushort.MaxValue;
    }
}
