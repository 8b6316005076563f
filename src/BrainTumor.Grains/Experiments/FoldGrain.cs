using System.Diagnostics;
using BrainTumor.Grains.Telemetry;
using BrainTumor.Learning.Backbones;
using BrainTumor.Protocol.Ladder;
using BrainTumor.Protocol.Supervision;

namespace BrainTumor.Grains.Experiments;

[GenerateSerializer]
public sealed class FoldState
{
    [Id(0)] public StageJob? First { get; set; }
    [Id(1)] public RunStatus Status { get; set; } = RunStatus.Queued;
    [Id(2)] public int CurrentDepth { get; set; }
    [Id(3)] public StageJobKind Next { get; set; }
    [Id(4)] public List<StageSummary> Stages { get; set; } = [];
    [Id(5)] public List<DecisionInfo> Decisions { get; set; } = [];
    [Id(6)] public TestSummary? Test { get; set; }
    [Id(7)] public string? Error { get; set; }
    [Id(8)] public List<StageSummary> Refits { get; set; } = [];
}

/// <summary>
/// One fold's ladder on the platform: the <see cref="FoldLadder"/> says what comes next (stage 0,
/// then one block deeper while the supervisor says so, with a refitting spec the kept stages again
/// on the training and validation parts, then the chosen depth tested once on the fold's test
/// part); this grain keeps where the fold stands durably and hands each step to a
/// stage grain. Training happens on the trainers. A failed stage stops the ladder at the best
/// finished depth; a failed stage 0 fails the fold with its reason.
/// </summary>
public sealed class FoldGrain([PersistentState("fold")] IPersistentState<FoldState> state, BrainTumorMetrics metrics) : Grain, IFoldGrain
{
    private Activity? _span;
    private FoldLadder? _ladder;

    private StageJob CurrentJob => state.State.Next switch
    {
        StageJobKind.Test => state.State.First! with { Depth = state.State.Decisions[^1].ChosenDepth, Kind = StageJobKind.Test },
        StageJobKind.Refit when Ladder() is var (ladder, standing) && ladder.Next(standing) is LadderStep.RefitStage refit =>
            state.State.First! with { Depth = refit.Depth, Kind = StageJobKind.Refit, RefitEpochs = refit.Epochs },
        _ => state.State.First! with { Depth = state.State.CurrentDepth, Kind = StageJobKind.Train },
    };

    private IStageGrain CurrentStage => GrainFactory.GetGrain<IStageGrain>(CurrentJob.StageKey);

    async Task IFoldGrain.Start(StageJob firstStage)
    {
        if (state.State.First is not null)
            return; // started before: Ensure carries it on
        _span = BrainTumorActivities.StartFold(firstStage);
        state.State = new FoldState { First = firstStage with { Depth = 0, Kind = StageJobKind.Train, TraceParent = BrainTumorActivities.ContextFor(_span, firstStage.TraceParent) }, Status = RunStatus.Running };
        await state.WriteStateAsync();
        await CurrentStage.Run(CurrentJob);
    }

    async Task<FoldInfo> IFoldGrain.GetInfo()
    {
        var s = state.State;
        var current = s.First is null ? null : await CurrentStage.GetInfo();
        return new FoldInfo(s.First?.Fold ?? 0, s.Status, s.CurrentDepth, s.Stages, s.Decisions, s.Test, current, s.Error);
    }

    async Task IFoldGrain.Cancel()
    {
        if (state.State.First is null || state.State.Status.IsFinal())
            return;
        state.State.Status = RunStatus.Cancelled;
        await state.WriteStateAsync();
        BrainTumorActivities.End(_span, RunStatus.Cancelled);
        await CurrentStage.Cancel();
    }

    async Task IFoldGrain.Resume()
    {
        // A ladder whose stage 0 failed would fail again the same way: the fold keeps its reason.
        if (state.State.First is null || state.State.Status is RunStatus.Completed or RunStatus.Running || Ladder() is var (ladder, standing) && ladder.Next(standing) is LadderStep.Failed)
            return;
        state.State.Status = RunStatus.Running;
        state.State.Error = null;
        await state.WriteStateAsync();
        await CurrentStage.Run(CurrentJob);
    }

    async Task IFoldGrain.Ensure()
    {
        if (state.State.First is null || state.State.Status != RunStatus.Running)
            return;
        var stage = CurrentStage;
        if (await stage.GetInfo() is null)
            await stage.Run(CurrentJob);
        else
            await stage.Ensure();
    }

    async Task IFoldGrain.JobFinished(int depth, StageJobKind kind, JobResult result)
    {
        var s = state.State;
        // Repeated or stale reports (a stage reports again when asked to run once more) change nothing.
        if (s.First is null || s.Status != RunStatus.Running || kind != s.Next || depth != CurrentJob.Depth)
            return;
        if (result.Status != RunStatus.Completed)
        {
            await Finish(result.Status, result.Error);
            return;
        }
        if (kind == StageJobKind.Test)
        {
            s.Test = result.Test;
            await Finish(RunStatus.Completed);
            return;
        }
        var (ladder, standing) = Ladder();
        if (kind == StageJobKind.Refit)
        {
            standing = ladder.StageRefitted(standing, depth);
            s.Refits.Add(result.Stage!);
            s.Next = NextKind(ladder.Next(standing));
            await state.WriteStateAsync();
            await CurrentStage.Run(CurrentJob);
            return;
        }
        standing = ladder.StageTrained(standing, Result(result.Stage!));
        s.Stages.Add(result.Stage!);
        if (ladder.Next(standing) is LadderStep.Failed failed)
        {
            await Finish(RunStatus.Failed, failed.Reason);
            return;
        }
        var decision = Info(standing.Decisions[^1]);
        s.Decisions.Add(decision);
        metrics.Decided(s.First, depth, decision.Action);
        var next = ladder.Next(standing);
        if (next is LadderStep.TrainStage deeper)
            s.CurrentDepth = deeper.Depth;
        s.Next = NextKind(next);
        await state.WriteStateAsync();
        await Experiment.Post(new ExperimentEvent(0, DateTimeOffset.UtcNow, ExperimentEventKind.Decision, s.First.Fold, depth,
            $"{s.First.ExperimentId} fold {s.First.Fold}: {decision.Action.Name()} after stage {depth}: {decision.Reason}", null));
        await CurrentStage.Run(CurrentJob);
    }

    /// <summary>The fold has ended: its status and error stored, its span closed, its experiment told.</summary>
    private async Task Finish(RunStatus status, string? error = null)
    {
        state.State.Status = status;
        state.State.Error = error;
        await state.WriteStateAsync();
        BrainTumorActivities.End(_span, status, error);
        await Experiment.FoldFinished(state.State.First!.Fold);
    }

    private static StageJobKind NextKind(LadderStep step) => step switch
    {
        LadderStep.TrainStage => StageJobKind.Train,
        LadderStep.RefitStage => StageJobKind.Refit,
        _ => StageJobKind.Test,
    };

    /// <summary>
    /// The fold's ladder (<see cref="FoldLadder"/>: what comes next, the supervisor's decision
    /// after each stage) and where it stands, replayed from the stages' validation numbers in the
    /// fold's state: policies are pure, so the decisions need no second record. The policy is read
    /// once per activation.
    /// </summary>
    private (FoldLadder Ladder, LadderState Standing) Ladder()
    {
        var spec = state.State.First!.Spec;
        _ladder ??= new FoldLadder(SupervisorPolicies.Parse(spec.Policy, BackboneRegistry.Get(spec.Backbone).Blocks.BodyBlockCount), spec.Seed, spec.Refit);
        return (_ladder, _ladder.Replay(state.State.Stages.Select(Result), tested: false, state.State.Refits.Count));
    }

    private static StageResult Result(StageSummary stage) => new(stage.Depth, "accuracy", stage.BestValidationAccuracy, stage.BestValidationLoss, stage.BestEpoch, stage.Failure);

    private static DecisionInfo Info(SupervisorDecision d) =>
        new(d.Depth, d.Action, d.ChosenDepth, d.Metric, d.Gain, d.Reason, d.Policy);

    private IExperimentGrain Experiment => GrainFactory.GetGrain<IExperimentGrain>(state.State.First!.ExperimentId);
}
