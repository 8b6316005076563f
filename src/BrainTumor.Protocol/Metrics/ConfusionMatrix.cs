using System.Text.Json.Serialization;
using BrainTumor.Protocol.Labels;

namespace BrainTumor.Protocol.Metrics;

/// <summary>
/// Counts of (true class, predicted class) pairs: rows are the true class, columns the predicted
/// class, in the order of <see cref="Labels"/>. For the tumour classes that order is
/// <see cref="LabelMap.All"/> (meningioma, glioma, pituitary), which is also the order of the
/// network head's outputs; the type itself works for any number of classes. Immutable.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly int[][] _counts;

    /// <summary>From counts: <paramref name="counts"/>[true][predicted], one row and column per label.</summary>
    [JsonConstructor]
    public ConfusionMatrix(IReadOnlyList<string> labels, IReadOnlyList<IReadOnlyList<int>> counts)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(counts);
        if (labels.Count == 0)
            throw new ArgumentException("a confusion matrix needs at least one class", nameof(labels));
        if (labels.Distinct(StringComparer.Ordinal).Count() != labels.Count)
            throw new ArgumentException($"class labels must be distinct, got [{string.Join(", ", labels)}]", nameof(labels));
        if (counts.Count != labels.Count || counts.Any(row => row is null || row.Count != labels.Count))
            throw new ArgumentException($"expected a {labels.Count}x{labels.Count} matrix of counts (one row and column per class)", nameof(counts));
        if (counts.Any(row => row.Any(c => c < 0)))
            throw new ArgumentException("counts must not be negative", nameof(counts));
        Labels = [.. labels];
        _counts = counts.Select(row => row.ToArray()).ToArray();
    }

    /// <summary>Class names, in row (and column) order.</summary>
    [JsonPropertyName("labels")] public IReadOnlyList<string> Labels { get; }

    /// <summary>Counts[true][predicted].</summary>
    [JsonPropertyName("counts")] public IReadOnlyList<IReadOnlyList<int>> Counts => _counts;

    [JsonIgnore] public int ClassCount => Labels.Count;

    /// <summary>How many items of class <paramref name="truth"/> were predicted as <paramref name="predicted"/>.</summary>
    public int this[int truth, int predicted] => _counts[truth][predicted];

    /// <summary>Every item counted.</summary>
    [JsonIgnore] public int Total => _counts.Sum(row => row.Sum());

    /// <summary>Items on the diagonal (predicted as their true class).</summary>
    [JsonIgnore] public int Correct => Enumerable.Range(0, ClassCount).Sum(k => _counts[k][k]);

    /// <summary>Items whose true class is <paramref name="k"/> (row sum): the class's support.</summary>
    public int Actual(int k) => _counts[k].Sum();

    /// <summary>Items predicted as class <paramref name="k"/> (column sum).</summary>
    public int Predicted(int k) => _counts.Sum(row => row[k]);

    /// <summary>From (true, predicted) class indices into <paramref name="labels"/>.</summary>
    public static ConfusionMatrix FromPairs(IReadOnlyList<string> labels, IEnumerable<(int Truth, int Predicted)> pairs)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var counts = Zeros(labels.Count);
        foreach (var (truth, predicted) in pairs)
        {
            if ((uint)truth >= (uint)labels.Count || (uint)predicted >= (uint)labels.Count)
                throw new ArgumentOutOfRangeException(nameof(pairs), $"class index pair ({truth}, {predicted}) is outside 0..{labels.Count - 1}");
            counts[truth][predicted]++;
        }
        return new ConfusionMatrix(labels, counts);
    }

    /// <summary>From (true, predicted) tumour classes, in <see cref="LabelMap.All"/> order.</summary>
    public static ConfusionMatrix FromPairs(IEnumerable<(TumorClass Truth, TumorClass Predicted)> pairs) =>
        FromPairs(LabelMap.Names, pairs.Select(p => (LabelMap.IndexOf(p.Truth), LabelMap.IndexOf(p.Predicted))));

    /// <summary>
    /// The element-wise sum: the pooled matrix of several folds, as if all their test items had
    /// been one test set. All matrices must have the same labels in the same order.
    /// </summary>
    public static ConfusionMatrix Sum(IEnumerable<ConfusionMatrix> matrices)
    {
        ArgumentNullException.ThrowIfNull(matrices);
        ConfusionMatrix? first = null;
        int[][]? sum = null;
        foreach (var m in matrices)
        {
            first ??= m;
            if (!m.Labels.SequenceEqual(first.Labels, StringComparer.Ordinal))
                throw new ArgumentException($"cannot add confusion matrices over different classes: [{string.Join(", ", first.Labels)}] and [{string.Join(", ", m.Labels)}]", nameof(matrices));
            sum ??= Zeros(m.ClassCount);
            for (var t = 0; t < m.ClassCount; t++)
                for (var p = 0; p < m.ClassCount; p++)
                    sum[t][p] += m._counts[t][p];
        }
        if (first is null || sum is null)
            throw new ArgumentException("no confusion matrices to add", nameof(matrices));
        return new ConfusionMatrix(first.Labels, sum);
    }

    private static int[][] Zeros(int classes) => Enumerable.Range(0, classes).Select(_ => new int[classes]).ToArray();
}
