namespace BrainTumor.Imaging.Folds;

/// <summary>
/// Splits groups (patients) into k folds so that no group is split and every fold's class shares
/// stay close to the whole: groups are taken in a seeded random order, the most class-skewed
/// first, and each goes to the fold where the per-class spread over folds grows least (the greedy
/// rule of scikit-learn's StratifiedGroupKFold).
/// </summary>
internal static class StratifiedGroupKFold
{
    /// <param name="groupClassCounts">For each group, its item count per class.</param>
    /// <returns>The fold (0..k-1) of each group, by group key.</returns>
    public static Dictionary<string, int> Assign(IReadOnlyDictionary<string, int[]> groupClassCounts, int k, int seed)
    {
        if (groupClassCounts.Count < k)
            throw new ArgumentException($"{k} folds need at least {k} groups, the data has {groupClassCounts.Count}");
        var classes = groupClassCounts.Values.First().Length;
        var totals = new double[classes];
        foreach (var counts in groupClassCounts.Values)
            for (var c = 0; c < classes; c++) totals[c] += counts[c];

        var order = groupClassCounts.Keys.Order(StringComparer.Ordinal).ToArray();
        new Random(seed).Shuffle(order);
        order = order.OrderByDescending(g => StandardDeviation(groupClassCounts[g].Select(v => (double)v).ToArray())).ToArray();

        var foldCounts = new double[k, classes];
        var foldSizes = new double[k];
        var assignment = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var group in order)
        {
            var counts = groupClassCounts[group];
            int best = -1;
            double bestSpread = double.PositiveInfinity, bestSize = double.PositiveInfinity;
            for (var f = 0; f < k; f++)
            {
                var spread = SpreadIfAdded(foldCounts, totals, counts, f, k, classes);
                var size = foldSizes[f];
                if (spread < bestSpread - 1e-12 || (Math.Abs(spread - bestSpread) <= 1e-12 && size < bestSize))
                {
                    best = f;
                    bestSpread = spread;
                    bestSize = size;
                }
            }
            assignment[group] = best;
            for (var c = 0; c < classes; c++) foldCounts[best, c] += counts[c];
            foldSizes[best] += counts.Sum();
        }
        return assignment;
    }

    // Mean over classes of the standard deviation over folds of each fold's share of that class.
    private static double SpreadIfAdded(double[,] foldCounts, double[] totals, int[] counts, int target, int k, int classes)
    {
        var sum = 0.0;
        var shares = new double[k];
        for (var c = 0; c < classes; c++)
        {
            if (totals[c] == 0) continue;
            for (var f = 0; f < k; f++)
                shares[f] = (foldCounts[f, c] + (f == target ? counts[c] : 0)) / totals[c];
            sum += StandardDeviation(shares);
        }
        return sum / classes;
    }

    private static double StandardDeviation(double[] values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
    }
}
