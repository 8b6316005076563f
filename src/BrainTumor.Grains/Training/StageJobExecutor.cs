using System.Collections.Concurrent;
using System.Diagnostics;
using BrainTumor.Grains.Telemetry;
using BrainTumor.Learning.Jobs;
using BrainTumor.Protocol.Runs;
using Microsoft.Extensions.Logging;

namespace BrainTumor.Grains.Training;

/// <summary>
/// Runs a <see cref="StageJob"/> with Learning's <see cref="StageJobRunner"/> on the calling (device)
/// thread and turns what it returns into the <see cref="JobResult"/> its stage grain gets. The job's
/// telemetry is recorded here: its run span (current on the device's thread while it lasts, so the
/// runner's work carries the trace), each epoch's span and numbers, the stage's metrics and log lines.
/// </summary>
public sealed class StageJobExecutor(StageJobRunner runner, BrainTumorMetrics metrics, ILogger<StageJobExecutor> logger)
{
    // The experiments this silo has already warned about (random weights): once per experiment, not per fold and stage.
    private readonly ConcurrentDictionary<string, bool> _warned = new(StringComparer.Ordinal);

    public JobResult Run(StageJob job, string device, Action<EpochRecord> epochDone, CancellationToken cancellation)
    {
        using var span = BrainTumorActivities.StartRun(job, device);
        return runner.Run(ToTrainerJob(job), device, new Observer(job, device, metrics, logger, epochDone, _warned), cancellation) switch
        {
            TrainerJobResult.Trained { Outcome: var o } => new JobResult(RunStatus.Completed,
                new StageSummary(job.Depth, o.EpochsRun, o.BestEpoch, o.BestValidationAccuracy, o.BestValidationLoss, o.StoppedEarly, o.Seconds, o.Cache.ToString(), o.Failure),
                null, null),
            TrainerJobResult.Tested t => new JobResult(RunStatus.Completed, null, new TestSummary(t.Depth, t.Accuracy, t.Loss, t.Items, t.Seconds), null),
            var other => throw new UnreachableException($"{job}: the runner returned {other}"),
        };
    }

    /// <summary>The job as Learning runs it: the same fold, depth, spec and run folder, named as the platform names it.</summary>
    public static TrainerJob ToTrainerJob(StageJob job) =>
        new(job.ToString(), job.Fold, job.Depth, job.Kind switch
        {
            StageJobKind.Train => TrainerJobKind.Train,
            StageJobKind.Test => TrainerJobKind.Test,
            StageJobKind.Refit => TrainerJobKind.Refit,
            _ => throw new ArgumentOutOfRangeException(nameof(job), job.Kind, $"{job}: a job kind this trainer does not know"),
        }, job.Spec, job.RunFolder, job.RefitEpochs);

    /// <summary>What the runner reports, on the device's thread: telemetry and logs first, then the epoch to the trainer grain.</summary>
    private sealed class Observer(StageJob job, string device, BrainTumorMetrics metrics, ILogger logger, Action<EpochRecord> epochDone,
        ConcurrentDictionary<string, bool> warned) : ITrainerJobObserver
    {
        public void Epoch(EpochRecord epoch, int trainingImages)
        {
            BrainTumorActivities.RecordEpoch(job, device, epoch.Epoch, epoch.Seconds);
            metrics.Epoch(job, device, epoch, trainingImages);
            epochDone(epoch);
        }

        public void NoPretrainedWeights(string why)
        {
            if (warned.TryAdd(job.ExperimentId, true))
                logger.LogWarning("{Experiment}: {Weights}", job.ExperimentId, why);
        }

        public void PrecisionUnavailable(string why)
        {
            if (warned.TryAdd(job.ExperimentId + "|precision", true))
                logger.LogWarning("{Experiment}: {Precision}", job.ExperimentId, why);
        }

        public void WeightsWritten(TimeSpan elapsed) => metrics.CheckpointWritten(job, elapsed);

        public void StageFinished(StageOutcome outcome)
        {
            metrics.StageFinished(job, outcome.BestValidationAccuracy);
            if (outcome.Failure is { } failure)
                logger.LogWarning("{Job}: failed: {Failure}; best finite epoch {Epoch} of {Epochs}", job, failure, outcome.BestEpoch, outcome.EpochsRun);
            else
                logger.LogInformation("{Job}: best validation accuracy {Accuracy:F4} at epoch {Epoch} of {Epochs} ({Seconds:F1} s, {Cache})",
                    job, outcome.BestValidationAccuracy, outcome.BestEpoch, outcome.EpochsRun, outcome.Seconds, outcome.Cache);
        }
    }
}
