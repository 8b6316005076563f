using System.Text.Json.Serialization;

namespace BrainTumor.Protocol.Metrics;

/// <summary>
/// Everything reported for one evaluation (one fold's test part, or a validation pass): accuracy,
/// per-class rates keyed by label name in class order, their macro averages and the confusion
/// matrix they came from. Zero-division rules: <see cref="ClassMetrics"/> and <see cref="MacroAverages"/>.
/// </summary>
public sealed record ClassificationMetrics(
    [property: JsonPropertyName("accuracy")] double Accuracy,
    [property: JsonPropertyName("per_class")] IReadOnlyDictionary<string, ClassMetrics> PerClass,
    [property: JsonPropertyName("macro")] MacroAverages Macro,
    [property: JsonPropertyName("confusion_matrix")] ConfusionMatrix ConfusionMatrix)
{
    /// <summary>
    /// Metrics of <paramref name="matrix"/>; with <paramref name="scores"/> (the same items, same class
    /// order) also one-vs-rest ROC AUC, otherwise every AUC is null. An empty matrix is refused: an
    /// evaluation of no items is a bug upstream, not an accuracy of 0.
    /// </summary>
    public static ClassificationMetrics Compute(ConfusionMatrix matrix, ClassScores? scores = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.Total == 0)
            throw new ArgumentException("the confusion matrix counts no items; there is nothing to measure", nameof(matrix));
        if (scores is not null)
            CheckSameItems(matrix, scores);

        var perClass = new Dictionary<string, ClassMetrics>(StringComparer.Ordinal);
        for (var k = 0; k < matrix.ClassCount; k++)
            perClass[matrix.Labels[k]] = ClassMetrics.Of(matrix, k, scores is null ? null : RocAuc.OneVsRest(scores, k));
        return new ClassificationMetrics(
            ClassMetrics.Ratio(matrix.Correct, matrix.Total),
            perClass,
            MacroAverages.Of(perClass.Values),
            matrix);
    }

    /// <summary>From per-item class indices (and optionally scores), building the confusion matrix on the way.</summary>
    public static ClassificationMetrics Compute(IReadOnlyList<string> labels, IReadOnlyList<int> truth, IReadOnlyList<int> predicted, ClassScores? scores = null)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        if (truth.Count != predicted.Count)
            throw new ArgumentException($"{truth.Count} true classes but {predicted.Count} predictions", nameof(predicted));
        return Compute(ConfusionMatrix.FromPairs(labels, truth.Zip(predicted)), scores);
    }

    // Scores describe the items of the matrix only if they have as many classes and as many items of each.
    private static void CheckSameItems(ConfusionMatrix matrix, ClassScores scores)
    {
        if (scores.ClassCount != matrix.ClassCount)
            throw new ArgumentException($"scores have {scores.ClassCount} classes, the confusion matrix {matrix.ClassCount}", nameof(scores));
        for (var k = 0; k < matrix.ClassCount; k++)
        {
            var scored = scores.Truth.Count(t => t == k);
            if (scored != matrix.Actual(k))
                throw new ArgumentException($"scores have {scored} items of class {matrix.Labels[k]}, the confusion matrix {matrix.Actual(k)}: they describe different items", nameof(scores));
        }
    }
}
