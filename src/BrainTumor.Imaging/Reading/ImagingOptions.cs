namespace BrainTumor.Imaging.Reading;

/// <summary>Section <c>BrainTumor:Imaging</c> of appsettings.json, read by the CLI and the grains alike.</summary>
public sealed class ImagingOptions
{
    public const string Section = "BrainTumor:Imaging";

    /// <summary>Where preprocessed slices are cached; relative paths are taken from the working directory.</summary>
    public string CacheDirectory { get; set; } = ".cache/preprocessed";

    public long MaxPixels { get; set; } = ImagingLimits.Default.MaxPixels;

    public long MaxFileBytes { get; set; } = ImagingLimits.Default.MaxFileBytes;

    public ImagingLimits Limits => new() { MaxPixels = MaxPixels, MaxFileBytes = MaxFileBytes };
}
