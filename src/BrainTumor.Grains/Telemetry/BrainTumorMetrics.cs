using System.Diagnostics.Metrics;
using BrainTumor.Imaging.Reading;
using BrainTumor.Protocol.Supervision;
using BrainTumor.Learning.Training;
using BrainTumor.Protocol.Runs;

namespace BrainTumor.Grains.Telemetry;

/// <summary>
/// The platform's instruments, all under one meter. Names and units are part of the contract with
/// dashboards (docs/TELEMETRY.md, docs/grafana/braintumor.json): rename one and the dashboard test fails.
/// </summary>
public sealed class BrainTumorMetrics : IDisposable
{
    public const string MeterName = "BrainTumorOrleans";

    private readonly Meter _meter = new(MeterName);
    private readonly Gauge<double> _throughput;
    private readonly Gauge<double> _loss;
    private readonly Gauge<double> _accuracy;
    private readonly Gauge<double> _stageValidation;
    private readonly Counter<long> _decisions;
    private readonly Histogram<double> _checkpointWrite;
    private readonly Counter<long> _rejected;

    public BrainTumorMetrics(DeviceLoad load)
    {
        _throughput = _meter.CreateGauge<double>("braintumor.training.throughput", "{image}/s", "Training slices per second of the last epoch (its validation pass included in the time)");
        _loss = _meter.CreateGauge<double>("braintumor.epoch.loss", "1", "Cross-entropy of the last epoch, on the training or the validation part");
        _accuracy = _meter.CreateGauge<double>("braintumor.epoch.accuracy", "1", "Accuracy of the last epoch, on the training or the validation part");
        _stageValidation = _meter.CreateGauge<double>("braintumor.stage.validation.accuracy", "1", "Best validation accuracy of a finished stage: the metric the supervisor compares");
        _decisions = _meter.CreateCounter<long>("braintumor.supervisor.decisions", "{decision}", "The supervisor's decisions after a stage: deeper or stop");
        _checkpointWrite = _meter.CreateHistogram<double>("braintumor.checkpoint.write.duration", "s", "Time to write a stage's best weights (stage-K.pt) atomically");
        _rejected = _meter.CreateCounter<long>("braintumor.dataset.rejected", "{item}", "Dataset items rejected when a dataset is indexed, by reason");
        _meter.CreateObservableGauge("braintumor.device.queue.length", load.QueueLengths, "{job}", "Jobs waiting on a device, the running one not counted");
        _meter.CreateObservableCounter("braintumor.device.busy.time", load.BusySeconds, "s", "Seconds a device has spent running jobs; its rate is the device's busy fraction");
    }

    /// <summary>One finished epoch: throughput, then loss and accuracy on both parts.</summary>
    public void Epoch(StageJob job, string device, EpochRecord epoch, int trainingImages)
    {
        var tags = TagsOf(job, device);
        if (epoch.Seconds > 0)
            _throughput.Record(trainingImages / epoch.Seconds, tags);
        Split(_loss, epoch.TrainLoss, epoch.ValidationLoss, tags);
        Split(_accuracy, epoch.TrainAccuracy, epoch.ValidationAccuracy, tags);
    }

    public void StageFinished(StageJob job, double bestValidationAccuracy) =>
        _stageValidation.Record(bestValidationAccuracy, TelemetryTags.Of(job));

    public void Decided(StageJob job, int depth, SupervisorAction action) =>
        _decisions.Add(1, [new(TelemetryTags.Experiment, job.ExperimentId), new(TelemetryTags.Fold, job.Fold), new(TelemetryTags.Depth, depth),
            new(TelemetryTags.Backbone, job.Spec.Backbone), new(TelemetryTags.Decision, action.Name())]);

    public void CheckpointWritten(StageJob job, TimeSpan elapsed) => _checkpointWrite.Record(elapsed.TotalSeconds, TelemetryTags.Of(job));

    /// <summary>Counts the files a validation rejected, by reason; a dataset without any still shows a zero, so a panel has a series.</summary>
    public void Indexed(string dataset, IReadOnlyList<RejectedFile> rejected)
    {
        if (rejected.Count == 0)
            _rejected.Add(0, [new(TelemetryTags.Dataset, dataset), new(TelemetryTags.Reason, "none")]);
        foreach (var reason in rejected.GroupBy(r => r.Reason))
            _rejected.Add(reason.Count(), [new(TelemetryTags.Dataset, dataset), new(TelemetryTags.Reason, reason.Key.ToString())]);
    }

    private static KeyValuePair<string, object?>[] TagsOf(StageJob job, string device) => [.. TelemetryTags.Of(job), new(TelemetryTags.Device, device)];

    private static void Split(Gauge<double> gauge, double train, double validation, KeyValuePair<string, object?>[] tags)
    {
        gauge.Record(train, [.. tags, new(TelemetryTags.Split, "train")]);
        gauge.Record(validation, [.. tags, new(TelemetryTags.Split, "validation")]);
    }

    public void Dispose() => _meter.Dispose();
}
