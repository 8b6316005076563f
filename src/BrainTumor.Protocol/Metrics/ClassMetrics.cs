using System.Text.Json.Serialization;

namespace BrainTumor.Protocol.Metrics;

/// <summary>
/// One class against the rest. Zero division gives 0, as scikit-learn's <c>zero_division=0</c>:
/// precision of a class never predicted is 0, recall of a class absent from the truth is 0,
/// specificity when every item belongs to the class is 0, F1 = 2TP / (2TP + FP + FN) is 0 when
/// that is 0/0. <see cref="Auc"/> is null (not NaN) when it is undefined: the class is absent from
/// the truth, every item belongs to it, or no scores were given.
/// </summary>
public sealed record ClassMetrics(
    [property: JsonPropertyName("precision")] double Precision,
    [property: JsonPropertyName("recall")] double Recall,
    [property: JsonPropertyName("specificity")] double Specificity,
    [property: JsonPropertyName("f1")] double F1,
    [property: JsonPropertyName("support")] int Support,
    [property: JsonPropertyName("auc")] double? Auc) : IDiagnosticRates
{
    /// <summary>Sensitivity is recall: TP / (TP + FN), the medical name for the same number.</summary>
    [JsonIgnore] public double Sensitivity => Recall;

    /// <summary>Class <paramref name="k"/> of <paramref name="matrix"/>, with its AUC (if any) computed by the caller.</summary>
    public static ClassMetrics Of(ConfusionMatrix matrix, int k, double? auc)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        long tp = matrix[k, k];
        long fp = matrix.Predicted(k) - tp;
        long fn = matrix.Actual(k) - tp;
        long tn = matrix.Total - tp - fp - fn;
        return new ClassMetrics(
            Precision: Ratio(tp, tp + fp),
            Recall: Ratio(tp, tp + fn),
            Specificity: Ratio(tn, tn + fp),
            F1: Ratio(2 * tp, 2 * tp + fp + fn),
            Support: matrix.Actual(k),
            Auc: auc);
    }

    /// <summary>The zero-division rule in one place: 0/0 is 0.</summary>
    internal static double Ratio(long numerator, long denominator) => denominator == 0 ? 0 : (double)numerator / denominator;
}
