namespace BrainTumor.Protocol.Supervision;

/// <summary>
/// Fine-tunes to exactly <see cref="Depth"/> unfrozen blocks. It walks the ladder 0, 1, ..., K
/// rather than training stage K alone, because in the paper each stage starts from the weights of
/// the stage before (the new head is fitted before deeper blocks move, so its random start does not
/// disturb the pretrained blocks); it keeps depth K whatever the validation metric says, which
/// makes it the control for the adaptive policy. While walking, its provisional choice is the
/// deepest depth trained so far.
/// </summary>
public sealed record FixedPolicy : ISupervisorPolicy
{
    public FixedPolicy(int depth)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(depth);
        Depth = depth;
    }

    /// <summary>K: the number of deepest blocks unfrozen at the end.</summary>
    public int Depth { get; }

    public int MaxDepth => Depth;

    public string Text => $"fixed:{Depth}";

    public SupervisorDecision Decide(IReadOnlyList<StageResult> history)
    {
        LadderStanding.Check(history, Depth, Text);
        var standing = LadderStanding.At(history, history.Count - 1);
        var depth = standing.Current.Depth;
        return depth < Depth
            ? standing.Decision(Text, MaxDepth, SupervisorAction.Deeper, depth,
                $"{standing.Describe()}; {Text} walks the ladder to depth {Depth}, each stage from the previous one's weights, going one block deeper")
            : standing.Decision(Text, MaxDepth, SupervisorAction.Stop, depth,
                $"{standing.Describe()}; {Text} keeps depth {Depth} whatever the metric (the best was depth {standing.Best.Depth}, {standing.Best.MetricName} {LadderStanding.F(standing.Best.Metric)})");
    }
}
