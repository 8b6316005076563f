using BrainTumor.Imaging.Reading;

namespace BrainTumor.Hosting;

/// <summary>Checks <see cref="ImagingOptions"/>; every failure names its key.</summary>
public sealed class ImagingOptionsValidator() : SectionValidator<ImagingOptions>(ImagingOptions.Section)
{
    protected internal override IEnumerable<string> Failures(ImagingOptions o)
    {
        if (string.IsNullOrWhiteSpace(o.CacheDirectory))
            yield return Failure(nameof(o.CacheDirectory), "must name the folder of the preprocessed-slice cache");
        foreach (var (key, bound) in new[] { (nameof(o.MaxPixels), o.MaxPixels), (nameof(o.MaxFileBytes), o.MaxFileBytes) })
            if (bound < 1)
                yield return Failure(key, $"{bound} is not a bound; expected a positive number");
    }
}
