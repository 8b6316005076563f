using System.Text.Json.Serialization;

namespace BrainTumor.Protocol.Metrics;

/// <summary>
/// A cross-validated result: each fold's metrics, mean ± sample sd over folds (<see cref="MeanSd"/>)
/// of accuracy and of every per-class and macro rate, and the pooled confusion matrix (the sum of
/// the folds' matrices: every test item once, since test folds partition the data). The means are
/// means of per-fold values, the way Swati et al. (2019) report their 5-fold accuracy, not rates of
/// the pooled matrix.
/// </summary>
public sealed record FoldSummary(
    [property: JsonPropertyName("folds")] IReadOnlyList<FoldMetrics> Folds,
    [property: JsonPropertyName("mean_accuracy")] double MeanAccuracy,
    [property: JsonPropertyName("sd_accuracy")] double? SdAccuracy,
    [property: JsonPropertyName("per_class")] IReadOnlyDictionary<string, MetricSummary> PerClass,
    [property: JsonPropertyName("macro")] MetricSummary Macro,
    [property: JsonPropertyName("pooled_confusion_matrix")] ConfusionMatrix PooledConfusionMatrix)
{
    public static FoldSummary Of(IReadOnlyList<FoldMetrics> folds)
    {
        ArgumentNullException.ThrowIfNull(folds);
        if (folds.Count == 0)
            throw new ArgumentException("no folds to summarise", nameof(folds));
        var repeated = folds.GroupBy(f => f.Fold).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
            throw new ArgumentException($"fold {repeated.Key} appears {repeated.Count()} times", nameof(folds));

        // Summing the matrices also checks that every fold has the same classes in the same order.
        var pooled = ConfusionMatrix.Sum(folds.Select(f => f.Metrics.ConfusionMatrix));
        var accuracy = MeanSd.Of([.. folds.Select(f => f.Metrics.Accuracy)]);
        var perClass = new Dictionary<string, MetricSummary>(StringComparer.Ordinal);
        foreach (var label in pooled.Labels)
            perClass[label] = MetricSummary.Over([.. folds.Select(f => f.Metrics.PerClass[label])]);
        return new FoldSummary(
            [.. folds.OrderBy(f => f.Fold)],
            accuracy.Mean,
            accuracy.Sd,
            perClass,
            MetricSummary.Over([.. folds.Select(f => f.Metrics.Macro)]),
            pooled);
    }
}
