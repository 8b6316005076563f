using BrainTumor.Imaging.Reading;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace BrainTumor.Imaging.Preprocessing;

/// <summary>
/// The paper's "minimal preprocessing" (Swati et al., 2019), the part that does not depend on the
/// network: per-image min-max intensity normalisation to [0, 1], then a resize to the backbone's
/// square input. Grey is replicated to three channels and the backbone's own normalisation
/// (ImageNet mean and deviation, or its preset) is applied when the batch tensor is built, so the
/// cache holds one channel and serves every backbone of the same input size.
/// The output is 16-bit unsigned normalised (value / 65535 in [0, 1]): the resize already works at
/// that precision, so storing it loses nothing against float32 and halves the memory a dataset
/// holds and the bytes its cache entry carries.
/// </summary>
public static class SlicePreprocessor
{
    /// <summary>Part of every cache key: bump it whenever the output of <see cref="Process"/> or the cache format changes.</summary>
    public const int Version = 3;

    public static ushort[] Process(SliceImage slice, int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 8);
        var (min, max) = slice.RequireContrast();
        var scale = 1f / (max - min);
        var output = new ushort[size * size];
        if (slice.Width == size && slice.Height == size)
        {
            for (var i = 0; i < output.Length; i++)
                output[i] = Unorm16(slice.Pixels[i], min, scale);
            return output;
        }

        // 16 bits keep the normalised intensities finer than any 8-bit rendering. The triangle
        // filter widens with the scale factor, like PIL's and torchvision's antialiased bilinear
        // resize, so downsampling 512 -> 224 does not alias.
        using var image = new Image<L16>(slice.Width, slice.Height);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                    row[x] = new L16(Unorm16(slice.Pixels[y * slice.Width + x], min, scale));
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

    private static ushort Unorm16(float value, float min, float scale) => (ushort)MathF.Round((value - min) * scale * ushort.MaxValue);

    /// <summary>Preprocessed 16-bit values as float32 in [0, 1] (value / 65535), as training reads them.</summary>
    public static void ToUnitRange(ReadOnlySpan<ushort> values, Span<float> destination)
    {
        for (var i = 0; i < values.Length; i++)
            destination[i] = values[i] / (float)ushort.MaxValue;
    }
}
