namespace BrainTumor.Imaging.Reading;

/// <summary>
/// Bounds checked before anything is decoded, so a crafted or corrupt file cannot make a reader
/// allocate without limit. MRI slices are 256x256 or 512x512; the defaults leave a wide margin.
/// </summary>
public sealed record ImagingLimits
{
    public static ImagingLimits Default { get; } = new();

    /// <summary>Largest accepted width x height.</summary>
    public long MaxPixels { get; init; } = 4096L * 4096L;

    /// <summary>Largest accepted file, in bytes.</summary>
    public long MaxFileBytes { get; init; } = 64L * 1024 * 1024;
}
