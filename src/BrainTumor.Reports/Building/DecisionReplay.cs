using BrainTumor.Protocol.Supervision;

namespace BrainTumor.Reports.Building;

/// <summary>
/// The supervisor's decisions of one fold, with every number behind them (best shallower depth,
/// gain, threshold, patience left), recomputed from the stored stages. Policies are pure functions
/// of the stage history, so the replay gives the decisions the supervisor made (after a failed
/// stage, the stop the ladder makes: <see cref="StageFailures"/>); a run folder whose
/// stages do not replay to the depth that was tested is refused rather than reported.
/// </summary>
public static class DecisionReplay
{
    public static IReadOnlyList<SupervisorDecision> Of(string policyText, int maxDepth, FoldRun fold)
    {
        var policy = SupervisorPolicies.Parse(policyText, maxDepth);
        var history = fold.Stages.Select(s => s.ToStageResult()).ToList();
        var decisions = new List<SupervisorDecision>(history.Count);
        try
        {
            for (var depth = 0; depth < history.Count; depth++)
                decisions.Add(StageFailures.Decide(policy, [.. history.Take(depth + 1)]));
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"fold {fold.Fold}: its stages do not form a ladder the policy can replay: {e.Message}", e);
        }
        var early = decisions.SkipLast(1).FirstOrDefault(d => d.Action == SupervisorAction.Stop);
        if (decisions.Count == 0 || early is not null || decisions[^1].Action != SupervisorAction.Stop)
            throw new InvalidDataException(
                $"fold {fold.Fold}: {policy.Text} does not stop after its last stored stage (depth {history.Count - 1})" +
                (early is null ? "" : $"; it stops at depth {early.Depth}") + ": the fold's stages are incomplete or from another policy");
        if (decisions[^1].ChosenDepth != fold.TestedDepth)
            throw new InvalidDataException(
                $"fold {fold.Fold}: {policy.Text} chooses depth {decisions[^1].ChosenDepth} from the stored stages, but the test pass used depth {fold.TestedDepth}");
        return decisions;
    }
}
