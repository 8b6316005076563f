namespace BrainTumor.Protocol.Supervision;

/// <summary>
/// Trains every depth from the head alone to <see cref="MaxDepth"/>, whatever the validation says,
/// which yields the accuracy-by-depth table (the paper's comparison of how deep fine-tuning should
/// go); the fold then keeps the depth with the best validation metric, ties to the shallower.
/// </summary>
public sealed record ExhaustivePolicy : ISupervisorPolicy
{
    public ExhaustivePolicy(int maxDepth)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDepth);
        MaxDepth = maxDepth;
    }

    public int MaxDepth { get; }

    public string Text => $"exhaustive:max_depth={MaxDepth}";

    public SupervisorDecision Decide(IReadOnlyList<StageResult> history)
    {
        LadderStanding.Check(history, MaxDepth, Text);
        var standing = LadderStanding.At(history, history.Count - 1);
        return standing.Current.Depth < MaxDepth
            ? standing.Decision(Text, MaxDepth, SupervisorAction.Deeper, standing.Best.Depth,
                $"{standing.Describe()}; exhaustive trains every depth up to {MaxDepth}, going one block deeper")
            : standing.Decision(Text, MaxDepth, SupervisorAction.Stop, standing.Best.Depth,
                $"{standing.Describe()}; every depth from 0 to {MaxDepth} trained; {standing.Keeping()}");
    }
}
