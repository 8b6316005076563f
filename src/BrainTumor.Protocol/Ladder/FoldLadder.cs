using BrainTumor.Protocol.Supervision;

namespace BrainTumor.Protocol.Ladder;

/// <summary>
/// One fold's block-wise fine-tuning ladder as a state machine (Swati et al. 2019): stage 0 trains
/// the head over the frozen backbone; after each stage the supervisor's policy says deeper (the
/// next stage unfreezes one more block) or stop (with the depth to keep); the kept depth is then
/// tested once on the fold's test part, which steers nothing. With <c>refit</c>, the stages up to
/// the kept depth are first trained again on the training and validation parts together, each for
/// the epochs its ladder stage needed (<see cref="LadderStep.RefitStage"/>), and that model is
/// tested: the validation part chose the depth and the epochs, then adds its slices to training.
/// A stage that failed (its numbers became non-finite) stops the ladder at the best finished depth
/// before it (<see cref="StageFailures"/>); a failed stage 0 fails the fold (<see cref="LadderStep.Failed"/>).
/// Both runners, the library's FoldRunner and the platform's FoldGrain, ask <see cref="Next"/> what
/// to do and report back through <see cref="StageTrained"/>, <see cref="StageRefitted"/> and
/// <see cref="Tested"/>; stage order, epochs and seeds are decided here.
/// </summary>
public sealed class FoldLadder(ISupervisorPolicy policy, int seed, bool refit = false)
{
    public ISupervisorPolicy Policy { get; } = policy;

    /// <summary>Whether the kept stages are trained again on the training and validation parts before the test.</summary>
    public bool Refit { get; } = refit;

    /// <summary>What the fold does next from <paramref name="state"/>.</summary>
    public LadderStep Next(LadderState state) => state switch
    {
        { Tested: true } => new LadderStep.Done(state.ChosenDepth!.Value),
        { ChosenDepth: { } chosen } when Refit && state.Refitted <= chosen => RefitOf(state.Stages[state.Refitted]),
        { ChosenDepth: { } chosen } => new LadderStep.Test(chosen, Refit),
        { Stages: [.., { Failure: { } failure }] } => new LadderStep.Failed($"stage 0 failed: {failure}; no finished depth to test"),
        _ => Train(state.Stages.Count),
    };

    /// <summary>
    /// The state after the stage <see cref="Next"/> asked for finished with <paramref name="result"/>,
    /// with the supervisor's decision on it (<see cref="StageFailures.Decide"/>: the policy's, or stop
    /// after a failed stage; none after a failed stage 0, which fails the fold); a result for any
    /// other step is refused (a runner that reports twice or out of order is a bug, not a decision).
    /// </summary>
    public LadderState StageTrained(LadderState state, StageResult result)
    {
        if (Next(state) is not LadderStep.TrainStage expected || expected.Depth != result.Depth)
            throw new InvalidOperationException($"fold ladder: a result for stage {result.Depth} when the next step is {Describe(Next(state))}");
        var stages = state.Stages.Append(result).ToList();
        return result is { Failed: true, Depth: 0 }
            ? state with { Stages = stages }
            : state with { Stages = stages, Decisions = [.. state.Decisions, StageFailures.Decide(Policy, stages)] };
    }

    /// <summary>The state after the refit stage <see cref="Next"/> asked for, at <paramref name="depth"/>, finished.</summary>
    public LadderState StageRefitted(LadderState state, int depth) =>
        Next(state) is LadderStep.RefitStage expected && expected.Depth == depth
            ? state with { Refitted = state.Refitted + 1 }
            : throw new InvalidOperationException($"fold ladder: a refit of stage {depth} when the next step is {Describe(Next(state))}");

    /// <summary>The state after the chosen depth was tested.</summary>
    public LadderState Tested(LadderState state) =>
        Next(state) is LadderStep.Test
            ? state with { Tested = true }
            : throw new InvalidOperationException($"fold ladder: a test result when the next step is {Describe(Next(state))}");

    /// <summary>
    /// The state a runner stored as its stages' results and how many refit stages finished: the
    /// decisions are replayed (policies are pure), so only the results need keeping.
    /// </summary>
    public LadderState Replay(IEnumerable<StageResult> stages, bool tested, int refitted = 0)
    {
        var state = stages.Aggregate(LadderState.Start, StageTrained);
        for (var depth = 0; depth < refitted; depth++)
            state = StageRefitted(state, depth);
        return tested ? Tested(state) : state;
    }

    private LadderStep.TrainStage Train(int depth) => new(depth, new StageSeeds(seed, depth));

    // At least one epoch: a stage that never improved on its start still trained its first.
    private LadderStep.RefitStage RefitOf(StageResult stage) => new(stage.Depth, Math.Max(1, stage.BestEpoch), new StageSeeds(seed, stage.Depth));

    private static string Describe(LadderStep step) => step switch
    {
        LadderStep.TrainStage t => $"stage {t.Depth}",
        LadderStep.RefitStage r => $"the refit of stage {r.Depth}",
        LadderStep.Test t => $"the test at depth {t.Depth}",
        LadderStep.Failed f => $"none (the fold failed: {f.Reason})",
        LadderStep.Done d => $"none (the fold is done at depth {d.ChosenDepth})",
        _ => step.ToString(),
    };
}
