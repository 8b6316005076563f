namespace BrainTumor.Protocol.Metrics;

/// <summary>
/// Per-item true class and per-class scores (the head's softmax probabilities, one column per
/// class in label order), which the one-vs-rest ROC AUC ranks. Only the order of the scores
/// within a column matters.
/// </summary>
public sealed record ClassScores
{
    public ClassScores(IReadOnlyList<int> truth, IReadOnlyList<IReadOnlyList<double>> scores)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(scores);
        if (truth.Count != scores.Count)
            throw new ArgumentException($"{truth.Count} true classes but {scores.Count} score rows", nameof(scores));
        var classes = scores.Count == 0 ? 0 : scores[0].Count;
        for (var i = 0; i < scores.Count; i++)
        {
            if (scores[i] is null || scores[i].Count != classes)
                throw new ArgumentException($"score row {i} has {scores[i]?.Count ?? 0} columns, row 0 has {classes}", nameof(scores));
            if ((uint)truth[i] >= (uint)classes)
                throw new ArgumentOutOfRangeException(nameof(truth), $"true class {truth[i]} of item {i} is outside 0..{classes - 1}");
        }
        Truth = truth;
        Scores = scores;
        ClassCount = classes;
    }

    public IReadOnlyList<int> Truth { get; }

    /// <summary>Scores[item][class].</summary>
    public IReadOnlyList<IReadOnlyList<double>> Scores { get; }

    public int ClassCount { get; }
}
