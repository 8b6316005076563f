using System.Text.Json.Serialization;

namespace BrainTumor.Protocol.Metrics;

/// <summary>
/// Mean and sample standard deviation of one metric over folds, as "mean ± sd" in cross-validation
/// reports (Swati et al. 2019 give theirs over 5 folds). The sd divides by n - 1 (Bessel's
/// correction; numpy's <c>std(ddof=1)</c>, pandas' default): the folds are a sample of the splits
/// one could have drawn. With a single fold it is null, not 0: one value says nothing about spread.
/// </summary>
public sealed record MeanSd(
    [property: JsonPropertyName("mean")] double Mean,
    [property: JsonPropertyName("sd")] double? Sd)
{
    public static MeanSd Of(IReadOnlyCollection<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
            throw new ArgumentException("no values to average", nameof(values));
        var mean = values.Average();
        // Two passes (mean first, then squared deviations) rather than sum of squares: no cancellation.
        double? sd = values.Count < 2 ? null : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        return new MeanSd(mean, sd);
    }

    /// <summary>Null when any value is null (an AUC undefined in some fold): a mean over some folds only would pass for one over all.</summary>
    public static MeanSd? OfDefined(IReadOnlyCollection<double?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values.Any(v => v is null) ? null : Of([.. values.Select(v => v!.Value)]);
    }
}
