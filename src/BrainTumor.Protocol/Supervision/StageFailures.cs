namespace BrainTumor.Protocol.Supervision;

/// <summary>
/// The supervisor's decision after any stage, a failed one included. A failed stage (its loss or
/// accuracy became non-finite: <see cref="StageResult.Failure"/>) gives the policy nothing to
/// judge and no weights to go deeper from, so the ladder stops there and keeps the best of the
/// finished depths before it, by the policies' own rule (highest metric, ties to the shallower).
/// A failed stage 0 leaves no depth to keep: the fold fails.
/// </summary>
public static class StageFailures
{
    /// <summary>
    /// The decision after the last stage of <paramref name="history"/>: the policy's when that stage
    /// finished, else stop at the best finished depth. The stages before the last must have finished
    /// (a ladder stops at its first failure); a failed depth 0 is refused, as there is nothing to keep.
    /// </summary>
    public static SupervisorDecision Decide(ISupervisorPolicy policy, IReadOnlyList<StageResult> history)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(history);
        if (history is not [.., { Failure: { } failure } failed])
            return policy.Decide(history);
        var finished = history.Take(history.Count - 1).ToList();
        if (finished.Count == 0)
            throw new ArgumentException($"{policy.Text}: depth 0 failed ({failure}); there is no finished depth to keep", nameof(history));
        LadderStanding.Check(finished, policy.MaxDepth, policy.Text);
        if (failed.Depth != finished.Count)
            throw new ArgumentException($"{policy.Text}: stage results must be depths 0, 1, 2, ... in order; entry {finished.Count} is depth {failed.Depth}", nameof(history));
        var best = LadderStanding.At(finished, finished.Count - 1).Best;
        return new SupervisorDecision
        {
            Policy = policy.Text,
            Action = SupervisorAction.Stop,
            Depth = failed.Depth,
            NextDepth = null,
            ChosenDepth = best.Depth,
            Reason = $"depth {failed.Depth} failed: {failure}; keeping the best finished depth {best.Depth} ({best.MetricName} {LadderStanding.F(best.Metric)})",
            MetricName = best.MetricName,
            Metric = failed.Metric,
            ValidationLoss = failed.ValidationLoss,
            BestBefore = best.Metric,
            BestBeforeDepth = best.Depth,
            Gain = null,
            BestMetric = best.Metric,
            BestDepth = best.Depth,
            MaxDepth = policy.MaxDepth,
        };
    }
}
