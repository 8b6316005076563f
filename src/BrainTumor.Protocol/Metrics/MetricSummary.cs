using System.Text.Json.Serialization;

namespace BrainTumor.Protocol.Metrics;

/// <summary>Mean ± sd over folds of each rate of one class (or of the macro averages).</summary>
public sealed record MetricSummary(
    [property: JsonPropertyName("precision")] MeanSd Precision,
    [property: JsonPropertyName("recall")] MeanSd Recall,
    [property: JsonPropertyName("specificity")] MeanSd Specificity,
    [property: JsonPropertyName("f1")] MeanSd F1,
    [property: JsonPropertyName("auc")] MeanSd? Auc)
{
    /// <summary>Over the same class's rates (or the macro averages) from each fold.</summary>
    public static MetricSummary Over(IReadOnlyCollection<IDiagnosticRates> folds)
    {
        ArgumentNullException.ThrowIfNull(folds);
        return new MetricSummary(
            MeanSd.Of([.. folds.Select(f => f.Precision)]),
            MeanSd.Of([.. folds.Select(f => f.Recall)]),
            MeanSd.Of([.. folds.Select(f => f.Specificity)]),
            MeanSd.Of([.. folds.Select(f => f.F1)]),
            MeanSd.OfDefined([.. folds.Select(f => f.Auc)]));
    }
}
