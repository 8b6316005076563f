namespace BrainTumor.Protocol.Metrics;

/// <summary>
/// The rates reported per class and as macro averages (Swati et al. 2019 report accuracy with
/// per-class sensitivity, specificity, precision and F1); what <see cref="MetricSummary"/> averages over folds.
/// </summary>
public interface IDiagnosticRates
{
    double Precision { get; }
    double Recall { get; }
    double Specificity { get; }
    double F1 { get; }
    double? Auc { get; }
}
