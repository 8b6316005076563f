using BrainTumor.Protocol.Metrics;

namespace BrainTumor.Reports.Document;

/// <summary>
/// One class's rates (or the macro averages) over folds: each the mean of the per-fold values,
/// with the sample sd beside it in <see cref="Sd"/> (null for a single fold). <see cref="Support"/>
/// counts the class's test items over all folds (absent for the macro averages).
/// </summary>
public sealed record MeanRates(
    double Precision,
    double Recall,
    double Specificity,
    double F1,
    double? Auc,
    RateSd Sd,
    int? Support = null)
{
    public static MeanRates Of(MetricSummary summary, int? support = null) => new(
        summary.Precision.Mean, summary.Recall.Mean, summary.Specificity.Mean, summary.F1.Mean, summary.Auc?.Mean,
        new RateSd(summary.Precision.Sd, summary.Recall.Sd, summary.Specificity.Sd, summary.F1.Sd, summary.Auc?.Sd),
        support);
}

/// <summary>Sample sds (n - 1) over folds of the rates in <see cref="MeanRates"/>.</summary>
public sealed record RateSd(double? Precision, double? Recall, double? Specificity, double? F1, double? Auc);
