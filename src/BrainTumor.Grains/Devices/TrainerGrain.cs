using System.Threading.Channels;
using BrainTumor.Grains.Telemetry;
using BrainTumor.Grains.Training;
using BrainTumor.Learning.Training;
using Microsoft.Extensions.Logging;
using Orleans.Placement;
using BrainTumor.Protocol.Runs;

namespace BrainTumor.Grains.Devices;

/// <summary>
/// The trainer of one device on one silo: a FIFO queue of stage jobs, run one at a time on the
/// device's thread (<see cref="DeviceWorker"/>); each epoch and the end are reported to the job's
/// stage grain. The grain stays responsive while a job trains: the job runs off its scheduler and
/// only the reporting comes back to it. When the silo stops, the running job is cancelled with it and not reported
/// (<see cref="TrainingShutdown"/>): its stage resumes on the next silo. It never moves: its device and thread belong to its silo
/// (placement only there, <see cref="DevicePlacement"/>; no rebalancer or repartitioner migrates it).
/// </summary>
[DevicePlacement, KeepAlive, Immovable(ImmovableKind.Any)]
public sealed class TrainerGrain(DeviceWorkers workers, StageJobExecutor runner, DeviceLoad load, TrainingShutdown shutdown, ILogger<TrainerGrain> logger)
    : Grain, ITrainerGrain
{
    private readonly Queue<StageJob> _queue = new();
    private (StageJob Job, CancellationTokenSource Cancel)? _running;
    private int _done;
    // Results of the last jobs, kept past their one-way report (see TrainerHolding): a stage that asks
    // between a job's end and the report's arrival takes the result instead of queueing the job again.
    private readonly Dictionary<string, JobResult> _ended = [];
    private readonly Queue<string> _endedOrder = new();
    private const int EndedKept = 32;

    private string Key => this.GetPrimaryKeyString();

    private DeviceWorker Worker => workers.Get(TrainerKeys.Device(Key));

    Task<int> ITrainerGrain.Enqueue(StageJob job)
    {
        if (_running?.Job.StageKey == job.StageKey)
            return Task.FromResult(0);
        var queued = _queue.Select((j, i) => (j, i)).FirstOrDefault(p => p.j.StageKey == job.StageKey);
        if (queued.j is not null)
            return Task.FromResult(queued.i + 1);
        _queue.Enqueue(job);
        load.Queued(Worker.Device, _queue.Count);
        var position = _queue.Count - (_running is null ? 1 : 0);
        StartNext();
        return Task.FromResult(position);
    }

    Task<TrainerHolding> ITrainerGrain.Find(string stageKey) =>
        Task.FromResult(_running?.Job.StageKey == stageKey || _queue.Any(j => j.StageKey == stageKey)
            ? new TrainerHolding(true, null)
            : new TrainerHolding(false, _ended.GetValueOrDefault(stageKey)));

    Task<bool> ITrainerGrain.Cancel(string stageKey)
    {
        if (_running is { } running && running.Job.StageKey == stageKey)
        {
            running.Cancel.Cancel();
            return Task.FromResult(true);
        }
        var before = _queue.Count;
        var kept = _queue.Where(j => j.StageKey != stageKey).ToList();
        _queue.Clear();
        kept.ForEach(_queue.Enqueue);
        load.Queued(Worker.Device, _queue.Count);
        return Task.FromResult(kept.Count < before);
    }

    Task<DeviceInfo> ITrainerGrain.GetStatus() =>
        Task.FromResult(new DeviceInfo(Key, TrainerKeys.Silo(Key), TrainerKeys.Device(Key), _running?.Job.StageKey, [.. _queue.Select(j => j.StageKey)], _done));

    private void StartNext()
    {
        if (_running is not null || shutdown.Stopping.IsCancellationRequested || !_queue.TryDequeue(out var job))
            return;
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(shutdown.Stopping);
        _running = (job, cancel);
        load.Queued(Worker.Device, _queue.Count);
        _ = RunAsync(job, cancel);
    }

    /// <summary>Runs in the grain's context: awaits the device thread and forwards its epochs in order.</summary>
    private async Task RunAsync(StageJob job, CancellationTokenSource cancel)
    {
        var stage = GrainFactory.GetGrain<IStageGrain>(job.StageKey);
        var epochs = Channel.CreateUnbounded<EpochRecord>();
        JobResult result;
        var started = DateTimeOffset.UtcNow;
        try
        {
            await stage.Started(Key, started);
            var device = Worker.Device;
            load.Started(device);
            var work = Worker.Run(() => runner.Run(job, device, e => epochs.Writer.TryWrite(e), cancel.Token));
            _ = work.ContinueWith(_ => epochs.Writer.TryComplete(), TaskScheduler.Default);
            await foreach (var e in epochs.Reader.ReadAllAsync())
                await stage.EpochDone(new EpochProgress(e.Epoch, job.Kind == StageJobKind.Refit ? job.RefitEpochs : job.Spec.Epochs, e.TrainLoss, e.TrainAccuracy, e.ValidationLoss, e.ValidationAccuracy, e.Seconds, e.Improved));
            result = await work;
        }
        catch (Exception e) when (shutdown.Stopping.IsCancellationRequested)
        {
            // The silo stops: the stage saved itself between two batches and stays running in grain storage.
            logger.LogInformation("{Job}: stopped with the silo ({Error}); the next silo resumes it from its checkpoint", job, e.Message);
            _running = null;
            return;
        }
        catch (OperationCanceledException)
        {
            result = new JobResult(RunStatus.Cancelled, null, null, "cancelled");
        }
        catch (Exception e)
        {
            logger.LogError(e, "{Job} failed on {Trainer}", job, Key);
            result = new JobResult(RunStatus.Failed, null, null, $"{e.GetType().Name}: {e.Message}");
        }
        finally
        {
            cancel.Dispose();
            load.Ended(Worker.Device);
        }
        result = result with { Started = started, Ended = DateTimeOffset.UtcNow };
        Remember(job.StageKey, result);
        _running = null;
        _done++;
        try
        {
            await stage.Finished(Key, result);
        }
        catch (Exception e)
        {
            // The stage's watchdog finds the job gone and the result on disk; the queue goes on.
            logger.LogWarning(e, "{Job}: could not report its end to the stage", job);
        }
        StartNext();
    }

    private void Remember(string stageKey, JobResult result)
    {
        if (_ended.TryAdd(stageKey, result))
            _endedOrder.Enqueue(stageKey);
        else
            _ended[stageKey] = result;
        while (_endedOrder.Count > EndedKept)
            _ended.Remove(_endedOrder.Dequeue());
    }
}
