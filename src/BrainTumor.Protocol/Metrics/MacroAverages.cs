using System.Text.Json.Serialization;

namespace BrainTumor.Protocol.Metrics;

/// <summary>
/// Unweighted means over the classes (scikit-learn's <c>average="macro"</c>): every class counts the
/// same however rare, which matters here because meningioma is both the smaller and the harder
/// class. Per-class zeros from zero division are included, as scikit-learn does. Macro AUC is null
/// when any class's AUC is: a mean over only some classes would be a different quantity wearing
/// the same name.
/// </summary>
public sealed record MacroAverages(
    [property: JsonPropertyName("precision")] double Precision,
    [property: JsonPropertyName("recall")] double Recall,
    [property: JsonPropertyName("specificity")] double Specificity,
    [property: JsonPropertyName("f1")] double F1,
    [property: JsonPropertyName("auc")] double? Auc) : IDiagnosticRates
{
    public static MacroAverages Of(IReadOnlyCollection<ClassMetrics> classes)
    {
        ArgumentNullException.ThrowIfNull(classes);
        if (classes.Count == 0)
            throw new ArgumentException("no classes to average", nameof(classes));
        return new MacroAverages(
            classes.Average(c => c.Precision),
            classes.Average(c => c.Recall),
            classes.Average(c => c.Specificity),
            classes.Average(c => c.F1),
            classes.Any(c => c.Auc is null) ? null : classes.Average(c => c.Auc!.Value));
    }
}
