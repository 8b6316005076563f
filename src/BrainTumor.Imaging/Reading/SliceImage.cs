using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace BrainTumor.Imaging.Reading;

/// <summary>
/// A slice's raw intensities in row-major order (rows x columns): 0..255 or 0..65535 for images,
/// the int16 values for figshare .mat files. Float holds all of those exactly.
/// </summary>
public sealed class SliceImage
{
    public SliceImage(int width, int height, float[] pixels)
    {
        if (width <= 0 || height <= 0 || pixels.Length != width * height)
            throw new ArgumentException($"pixel buffer of {pixels.Length} values does not match {width}x{height}", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }
    public int Height { get; }
    public float[] Pixels { get; }

    public float this[int row, int column] => Pixels[row * Width + column];

    public (float Min, float Max) IntensityRange()
    {
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (var v in Pixels)
        {
            if (v < min) min = v;
            if (v > max) max = v;
        }
        return (min, max);
    }

    /// <summary>The intensity range; a constant slice, which min-max normalisation cannot scale, is rejected as blank.</summary>
    public (float Min, float Max) RequireContrast()
    {
        var (min, max) = IntensityRange();
        if (max <= min)
            throw new ItemRejectedException(RejectionReason.Blank, $"every pixel has the value {min}");
        return (min, max);
    }

    /// <summary>SHA-256 over the size and the pixel values: equal for exact pixel duplicates only.</summary>
    public string PixelHash()
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<int> size = [Width, Height];
        sha.AppendData(MemoryMarshal.AsBytes(size));
        sha.AppendData(MemoryMarshal.AsBytes(Pixels.AsSpan()));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
