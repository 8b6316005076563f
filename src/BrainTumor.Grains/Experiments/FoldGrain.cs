using System.Diagnostics;
using BrainTumor.Grains.Telemetry;
using BrainTumor.Learning.Backbones;
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
}

/// <summary>
/// One fold's ladder: stage 0, then one block deeper while the supervisor says so, each stage
/// starting from the previous stage's best weights; then the chosen depth is tested once on the
/// fold's test part. Where the fold stands is decided here; training happens on the trainers.
/// </summary>
public sealed class FoldGrain([PersistentState("fold")] IPersistentState<FoldState> state, BrainTumorMetrics metrics) : Grain, IFoldGrain
{
    private Activity? _span;

    private StageJob CurrentJob => state.State.First! with
    {
        Depth = state.State.Next == StageJobKind.Test ? state.State.Decisions[^1].ChosenDepth : state.State.CurrentDepth,
        Kind = state.State.Next,
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
        if (state.State.First is null || state.State.Status is RunStatus.Completed or RunStatus.Running)
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
            s.Status = result.Status;
            s.Error = result.Error;
            await state.WriteStateAsync();
            BrainTumorActivities.End(_span, s.Status, s.Error);
            await Experiment.FoldFinished(s.First.Fold);
            return;
        }
        if (kind == StageJobKind.Test)
        {
            s.Test = result.Test;
            s.Status = RunStatus.Completed;
            await state.WriteStateAsync();
            BrainTumorActivities.End(_span, s.Status);
            await Experiment.FoldFinished(s.First.Fold);
            return;
        }
        s.Stages.Add(result.Stage!);
        var spec = s.First.Spec;
        var decision = Decide(spec, s.Stages);
        s.Decisions.Add(decision);
        metrics.Decided(s.First, depth, decision.GoDeeper);
        if (decision.GoDeeper)
            s.CurrentDepth++;
        else
            s.Next = StageJobKind.Test;
        await state.WriteStateAsync();
        await Experiment.Post(new ExperimentEvent(0, DateTimeOffset.UtcNow, ExperimentEventKind.Decision, s.First.Fold, depth,
            $"{s.First.ExperimentId} fold {s.First.Fold}: {(decision.GoDeeper ? "deeper" : "stop")} after stage {depth}: {decision.Reason}", null));
        await CurrentStage.Run(CurrentJob);
    }

    /// <summary>
    /// The supervisor: the policy's decision on the fold's stages so far. It is a pure function of
    /// the policy and the stages' validation numbers, so it runs here, and the decision is recorded
    /// with the fold's state (a repeated stage report is ignored above, and asking again would give
    /// the same answer).
    /// </summary>
    private static DecisionInfo Decide(ExperimentSpec spec, IReadOnlyList<StageSummary> stages)
    {
        var history = stages.Select(s => new StageResult(s.Depth, "accuracy", s.BestValidationAccuracy, s.BestValidationLoss)).ToList();
        var d = SupervisorPolicies.Parse(spec.Policy, BackboneRegistry.Get(spec.Backbone).Blocks.BodyBlockCount).Decide(history);
        return new DecisionInfo(d.Depth, d.Action == SupervisorAction.Deeper, d.ChosenDepth, d.Metric, d.Gain, d.Reason, d.Policy);
    }

    private IExperimentGrain Experiment => GrainFactory.GetGrain<IExperimentGrain>(state.State.First!.ExperimentId);
}
