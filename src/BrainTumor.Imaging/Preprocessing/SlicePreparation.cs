namespace BrainTumor.Imaging.Preprocessing;

/// <summary>How a slice's intensities are scaled to [0, 1] before anything else.</summary>
public enum IntensityScaling
{
    /// <summary>The darkest pixel to 0, the brightest to 1 (the paper's "minimal preprocessing").</summary>
    MinMax,

    /// <summary>
    /// The darkest pixel to 0 and the 99.5th percentile to 1, brighter ones clipped: a few very bright
    /// pixels (vessels, fat, a 16-bit scanner's outliers) no longer squeeze the brain into a narrow
    /// grey band.
    /// </summary>
    Percentile,
}

/// <summary>
/// Everything that turns a raw slice into the network's grey input: the output side, whether the
/// slice is first cropped to the brain (<see cref="BrainCrop"/>) and how intensities are scaled.
/// Part of the preprocessed-slice cache's address and of the activation cache's key, so two
/// preparations never share an entry.
/// </summary>
public sealed record SlicePreparation(int Size, bool CropToBrain = false, IntensityScaling Scaling = IntensityScaling.MinMax)
{
    /// <summary>The spec's name of <see cref="CropToBrain"/>: <c>none</c> or <c>brain</c>.</summary>
    public static SlicePreparation For(int size, string crop, string normalize) => new(
        size,
        crop switch { "none" => false, "brain" => true, _ => throw new ArgumentException($"crop '{crop}': expected none or brain", nameof(crop)) },
        normalize switch
        {
            "minmax" => IntensityScaling.MinMax,
            "percentile" => IntensityScaling.Percentile,
            _ => throw new ArgumentException($"normalize '{normalize}': expected minmax or percentile", nameof(normalize)),
        });

    /// <summary>
    /// A short name of the preparation for cache folders and keys: the side alone for the plain one
    /// (so its cache entries keep their address), with <c>-brain</c> and <c>-p99.5</c> appended for the others.
    /// </summary>
    public string Key => $"{Size}{(CropToBrain ? "-brain" : "")}{(Scaling == IntensityScaling.Percentile ? "-p99.5" : "")}";

    public static implicit operator SlicePreparation(int size) => new(size);
}
