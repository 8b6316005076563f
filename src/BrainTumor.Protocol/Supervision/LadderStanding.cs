using System.Globalization;

namespace BrainTumor.Protocol.Supervision;

/// <summary>
/// Where the ladder stands after the stage at <see cref="Current"/>'s depth: that stage, the best
/// of the shallower stages and the best overall. Shared by the policies so that "best", "gain"
/// and ties mean the same in all of them.
/// </summary>
internal sealed record LadderStanding(StageResult Current, StageResult? BestBefore, StageResult Best)
{
    /// <summary>
    /// Metrics closer than this are equal. Validation metrics are ratios of counts whose
    /// differences are exact in decimal but not in binary (0.85 - 0.845 is 0.00499999... or
    /// 0.00500000...1): without a tolerance a gain of exactly one threshold could count either way.
    /// </summary>
    public const double Tolerance = 1e-9;

    /// <summary>Current minus the best of the shallower depths; null at depth 0, which has nothing to gain over.</summary>
    public double? Gain => BestBefore is null ? null : Current.Metric - BestBefore.Metric;

    /// <summary>
    /// The standing at <paramref name="depth"/>. The best is the highest metric; a tie (within
    /// <see cref="Tolerance"/>) goes to the shallower depth, which trains fewer parameters and so
    /// is the cheaper and less overfitting-prone model for the same validation result.
    /// </summary>
    public static LadderStanding At(IReadOnlyList<StageResult> history, int depth)
    {
        StageResult? bestBefore = null;
        for (var i = 0; i < depth; i++)
            if (bestBefore is null || Beats(history[i], bestBefore))
                bestBefore = history[i];
        var current = history[depth];
        return new LadderStanding(current, bestBefore, bestBefore is null || Beats(current, bestBefore) ? current : bestBefore);
    }

    /// <summary>
    /// Refuses a history the policies cannot judge: it must hold depths 0, 1, ..., k in order, one
    /// finite metric of one name from finished stages, and stay within <paramref name="maxDepth"/>.
    /// </summary>
    public static void Check(IReadOnlyList<StageResult> history, int maxDepth, string policy)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count == 0)
            throw new ArgumentException($"{policy}: no stage results yet; decide after stage 0 (the head alone)", nameof(history));
        for (var i = 0; i < history.Count; i++)
        {
            var stage = history[i] ?? throw new ArgumentException($"{policy}: stage result {i} is missing", nameof(history));
            if (stage.Depth != i)
                throw new ArgumentException($"{policy}: stage results must be depths 0, 1, 2, ... in order; entry {i} is depth {stage.Depth}", nameof(history));
            if (stage.MetricName != history[0].MetricName)
                throw new ArgumentException($"{policy}: depth {i} reports {stage.MetricName} but depth 0 reports {history[0].MetricName}; the ladder compares one metric", nameof(history));
            if (stage.Failure is { } failure)
                throw new ArgumentException($"{policy}: depth {i} failed ({failure}); a policy judges finished stages only", nameof(history));
            if (!double.IsFinite(stage.Metric))
                throw new ArgumentException($"{policy}: depth {i} reports {stage.MetricName} = {stage.Metric}; a stage must report a finite validation metric", nameof(history));
        }
        if (history.Count - 1 > maxDepth)
            throw new ArgumentException($"{policy}: the history reaches depth {history.Count - 1}, beyond the policy's maximum depth {maxDepth}", nameof(history));
    }

    /// <summary>The numbers in words, to start a decision's reason.</summary>
    public string Describe()
    {
        var name = Current.MetricName;
        var here = $"depth {Current.Depth}: {name} {F(Current.Metric)}";
        return BestBefore is null
            ? $"{here} (head only, the baseline)"
            : $"{here}, gain {Gain!.Value.ToString("+0.0000;-0.0000;0.0000", CultureInfo.InvariantCulture)} over the best shallower depth {BestBefore.Depth} ({F(BestBefore.Metric)})";
    }

    /// <summary>"keeping depth b (metric m)", for stop reasons.</summary>
    public string Keeping() => $"keeping depth {Best.Depth} ({Best.MetricName} {F(Best.Metric)})";

    /// <summary>The decision's numbers; policies add their own (threshold, patience) with <c>with</c>.</summary>
    public SupervisorDecision Decision(string policy, int maxDepth, SupervisorAction action, int chosenDepth, string reason) => new()
    {
        Policy = policy,
        Action = action,
        Depth = Current.Depth,
        NextDepth = action == SupervisorAction.Deeper ? Current.Depth + 1 : null,
        ChosenDepth = chosenDepth,
        Reason = reason,
        MetricName = Current.MetricName,
        Metric = Current.Metric,
        ValidationLoss = Current.ValidationLoss,
        BestBefore = BestBefore?.Metric,
        BestBeforeDepth = BestBefore?.Depth,
        Gain = Gain,
        BestMetric = Best.Metric,
        BestDepth = Best.Depth,
        MaxDepth = maxDepth,
    };

    public static string F(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    private static bool Beats(StageResult a, StageResult b) => a.Metric > b.Metric + Tolerance;
}
