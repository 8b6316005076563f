namespace BrainTumor.Protocol.Metrics;

/// <summary>
/// The exact area under the ROC curve, from ranks rather than from a drawn curve: AUC is the
/// probability that a random positive scores higher than a random negative, ties counting one
/// half, which is the Mann-Whitney U statistic divided by n_pos * n_neg. Tied scores get their
/// average rank, which is what makes ties count one half (and equals the trapezoidal area under
/// the ROC curve that scikit-learn's <c>roc_auc_score</c> computes).
/// </summary>
public static class RocAuc
{
    /// <summary>
    /// AUC of <paramref name="scores"/> for telling <paramref name="positive"/> items from the rest,
    /// or null when there are no positives or no negatives (the area is undefined then; null rather
    /// than NaN so that it survives JSON and cannot leak into a mean unnoticed).
    /// </summary>
    public static double? Binary(IReadOnlyList<bool> positive, IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(positive);
        ArgumentNullException.ThrowIfNull(scores);
        if (positive.Count != scores.Count)
            throw new ArgumentException($"{positive.Count} labels but {scores.Count} scores", nameof(scores));
        for (var i = 0; i < scores.Count; i++)
            if (!double.IsFinite(scores[i]))
                throw new ArgumentException($"score of item {i} is {scores[i]}; scores must be finite", nameof(scores));

        long positives = positive.Count(p => p);
        long negatives = positive.Count - positives;
        if (positives == 0 || negatives == 0)
            return null;

        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        var positiveRankSum = 0.0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]])
                end++;
            // Positions start..end (0-based) hold ranks start+1..end+1; every tied item gets their mean.
            var averageRank = (start + end) / 2.0 + 1;
            for (var j = start; j <= end; j++)
                if (positive[order[j]])
                    positiveRankSum += averageRank;
            start = end + 1;
        }
        var u = positiveRankSum - positives * (positives + 1) / 2.0;
        return u / (positives * (double)negatives);
    }

    /// <summary>One-vs-rest AUC of class <paramref name="k"/>: class k positive, every other class negative, scored by column k.</summary>
    public static double? OneVsRest(ClassScores scores, int k)
    {
        ArgumentNullException.ThrowIfNull(scores);
        return Binary([.. scores.Truth.Select(t => t == k)], [.. scores.Scores.Select(row => row[k])]);
    }
}
