using System.Diagnostics;
using BrainTumor.Grains.Devices;
using BrainTumor.Grains.Telemetry;
using Microsoft.Extensions.Logging;

namespace BrainTumor.Grains.Experiments;

[GenerateSerializer]
public sealed class StageState
{
    [Id(0)] public StageJob? Job { get; set; }
    [Id(1)] public RunStatus Status { get; set; } = RunStatus.Queued;
    [Id(2)] public string? Trainer { get; set; }
    [Id(3)] public int Attempts { get; set; }
    [Id(4)] public EpochProgress? LastEpoch { get; set; }
    [Id(5)] public JobResult? Result { get; set; }
    [Id(6)] public DateTimeOffset? Started { get; set; }
    [Id(7)] public int? FirstEpoch { get; set; }
}

/// <summary>
/// One stage of one fold: queues its job on the least-loaded device, follows its epochs, keeps its
/// result, and requeues the job when its trainer has lost it (the trainer's silo went down); the
/// rerun resumes from the stage's epoch checkpoint.
/// </summary>
public sealed class StageGrain(
    [PersistentState("stage")] IPersistentState<StageState> state,
    ILogger<StageGrain> logger) : Grain, IStageGrain
{
    private string Key => this.GetPrimaryKeyString();

    private Activity? _span;

    async Task<StageInfo> IStageGrain.Run(StageJob job)
    {
        if (state.State.Status == RunStatus.Completed && state.State.Job is not null)
            await Report();
        else if (state.State.Job is null || state.State.Status.IsFinal())
        {
            _span = BrainTumorActivities.StartStage(job);
            state.State.Job = job with { TraceParent = BrainTumorActivities.ContextFor(_span, job.TraceParent) };
            await Queue();
        }
        return Info();
    }

    Task<StageInfo?> IStageGrain.GetInfo() => Task.FromResult(state.RecordExists ? Info() : null);

    async Task IStageGrain.Cancel()
    {
        if (state.State.Status.IsFinal() || state.State.Job is null)
            return;
        if (state.State.Trainer is { } trainer)
        {
            try
            {
                await GrainFactory.GetGrain<ITrainerGrain>(trainer).Cancel(Key).WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                logger.LogWarning("{Stage}: its trainer {Trainer} could not be told to cancel ({Error})", Key, trainer, e.Message);
            }
        }
        state.State.Status = RunStatus.Cancelled;
        state.State.Result = new JobResult(RunStatus.Cancelled, null, null, "cancelled");
        await state.WriteStateAsync();
        BrainTumorActivities.End(_span, RunStatus.Cancelled);
        await Post(ExperimentEventKind.StageCancelled, "cancelled");
    }

    async Task IStageGrain.Ensure()
    {
        if (state.State.Job is null)
            return;
        if (state.State.Status == RunStatus.Completed)
        {
            await Report();
            return;
        }
        if (state.State.Status.IsFinal())
            return;
        switch (await FindOnTrainer())
        {
            case { Held: true }:
                return;
            case { Ended: { } result }: // ended, its report still on the way
                await Finish(result);
                return;
            default:
                logger.LogWarning("{Stage}: trainer {Trainer} no longer has the job; queueing it again", Key, state.State.Trainer);
                await Queue();
                return;
        }
    }

    async Task IStageGrain.Started(string trainerKey, DateTimeOffset at)
    {
        if (trainerKey != state.State.Trainer || state.State.Status.IsFinal())
            return;
        state.State.Status = RunStatus.Running;
        state.State.Started = at;
        await state.WriteStateAsync();
        _span?.SetTag(TelemetryTags.Device, TrainerKeys.Device(trainerKey));
        await Post(ExperimentEventKind.StageStarted, $"started on {trainerKey}");
    }

    async Task IStageGrain.EpochDone(EpochProgress epoch)
    {
        if (state.State.Status is RunStatus.Completed or RunStatus.Failed)
            return;
        // The attempt's first epoch says where the trainer started: after a rerun, the epoch after its checkpoint.
        if (state.State.FirstEpoch is null)
        {
            state.State.FirstEpoch = epoch.Epoch;
            await state.WriteStateAsync();
            if (state.State.Attempts > 1)
                await Post(ExperimentEventKind.StageResumed, $"attempt {state.State.Attempts} started at epoch {epoch.Epoch}", epoch);
        }
        // An epoch reported after a cancel still happened: its checkpoint is on disk and a resume
        // starts after it, so it is recorded. Reports of an epoch already recorded change nothing.
        if (epoch.Epoch <= (state.State.LastEpoch?.Epoch ?? 0))
            return;
        state.State.LastEpoch = epoch;
        await state.WriteStateAsync();
        await Post(ExperimentEventKind.Epoch, string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"epoch {epoch.Epoch}/{epoch.MaxEpochs}: train loss {epoch.TrainLoss:F4}, validation accuracy {epoch.ValidationAccuracy:F4}"), epoch);
    }

    async Task IStageGrain.Finished(string trainerKey, JobResult result)
    {
        // A late report from a trainer the job was taken from, or after a cancel, changes nothing.
        if (trainerKey != state.State.Trainer || state.State.Status.IsFinal())
            return;
        await Finish(result);
    }

    /// <summary>The job's end, reported by its trainer or taken from it: stored, its span closed, its fold told.</summary>
    private async Task Finish(JobResult result)
    {
        state.State.Status = result.Status;
        state.State.Result = result;
        await state.WriteStateAsync();
        BrainTumorActivities.End(_span, result.Status, result.Error);
        // A stage whose training diverged ran to its end, but it failed: its event says so (the fold goes on without that depth).
        var kind = result.Stage?.Failure is not null ? ExperimentEventKind.StageFailed : ExperimentEventKinds.StageEnded(result.Status);
        await Post(kind, result.Error ?? Describe(result));
        await Report();
    }

    private async Task Queue()
    {
        var job = state.State.Job!;
        var directory = GrainFactory.GetGrain<IDeviceDirectoryGrain>(0);
        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var trainer = await directory.Pick(job.Fold + attempt);
            int position;
            try
            {
                state.State.Trainer = trainer;
                state.State.Status = RunStatus.Queued;
                state.State.FirstEpoch = null;
                state.State.Result = null;
                await state.WriteStateAsync();
                position = await GrainFactory.GetGrain<ITrainerGrain>(trainer).Enqueue(job);
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                last = e; // that trainer's silo is gone; pick again
                continue;
            }
            // An attempt is a trainer taking the job (one that could not be reached is none). The
            // trainer's reports wait for this call to end: the grain handles one call at a time.
            state.State.Attempts++;
            await state.WriteStateAsync();
            await Post(ExperimentEventKind.StageQueued, $"queued on {trainer} at position {position}");
            return;
        }
        throw new OrleansException($"{Key}: no trainer accepted the job", last!);
    }

    private async Task<TrainerHolding> FindOnTrainer()
    {
        if (state.State.Trainer is not { } trainer)
            return TrainerHolding.Unknown;
        try
        {
            return await GrainFactory.GetGrain<ITrainerGrain>(trainer).Find(Key).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            return TrainerHolding.Unknown; // its silo is gone
        }
    }

    private Task Report()
    {
        var job = state.State.Job!;
        return GrainFactory.GetGrain<IFoldGrain>(StageKeys.Fold(job.ExperimentId, job.Fold)).JobFinished(job.Depth, job.Kind, state.State.Result!);
    }

    private Task Post(ExperimentEventKind kind, string message, EpochProgress? epoch = null)
    {
        var job = state.State.Job!;
        return GrainFactory.GetGrain<IExperimentGrain>(job.ExperimentId)
            .Post(new ExperimentEvent(0, DateTimeOffset.UtcNow, kind, job.Fold, job.Kind == StageJobKind.Test ? null : job.Depth, $"{job}: {message}", epoch));
    }

    private static string Describe(JobResult result) =>
        result.Stage is { Failure: { } failure } diverged
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"failed: {failure}; best finite epoch {diverged.BestEpoch} of {diverged.EpochsRun} ({diverged.Seconds:F1} s)")
            : result.Stage is { } s
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"best validation accuracy {s.BestValidationAccuracy:F4} at epoch {s.BestEpoch}/{s.EpochsRun} ({s.Seconds:F1} s)")
            : result.Test is { } t
                ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"test accuracy {t.Accuracy:F4} on {t.Items} slices at depth {t.Depth}")
                : result.Status.ToString();

    private StageInfo Info() => new(Key, state.State.Status, state.State.Trainer, state.State.Attempts, state.State.LastEpoch,
        state.State.Result?.Stage, state.State.Result?.Test, state.State.Result?.Error, state.State.Started, state.State.Result?.Ended, state.State.FirstEpoch);
}
