using System.Diagnostics.Metrics;
using BrainTumor.Contracts;
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
    private readonly Gauge<long> _rejected;

    /// <summary>The upper bounds, in seconds, of <c>braintumor.checkpoint.write.duration</c>'s buckets.</summary>
    public static IReadOnlyList<double> CheckpointWriteBuckets { get; } = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    public BrainTumorMetrics(DeviceLoad load)
    {
        _throughput = _meter.CreateGauge<double>("braintumor.training.throughput", "{image}/s", "Training slices per second of the last epoch (its validation pass included in the time)");
        _loss = _meter.CreateGauge<double>("braintumor.epoch.loss", "1", "Cross-entropy of the last epoch, on the training or the validation part");
        _accuracy = _meter.CreateGauge<double>("braintumor.epoch.accuracy", "1", "Accuracy of the last epoch, on the training or the validation part");
        _stageValidation = _meter.CreateGauge<double>("braintumor.stage.validation.accuracy", "1", "Best validation accuracy of a finished stage: the metric the supervisor compares");
        _decisions = _meter.CreateCounter<long>("braintumor.supervisor.decisions", "{decision}", "The supervisor's decisions after a stage: deeper or stop");
        // Buckets in seconds, from a small head's write (milliseconds) to a VGG19's 550 MB on a slow disk;
        // without advice the SDK's default bounds (0, 5, 10, ... 10000) are made for milliseconds.
        _checkpointWrite = _meter.CreateHistogram("braintumor.checkpoint.write.duration", "s", "Time to write a stage's best weights (stage-K.pt) atomically",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = CheckpointWriteBuckets });
        _rejected = _meter.CreateGauge<long>("braintumor.dataset.rejected.items", "{item}", "Items the dataset's validation report leaves out, by reason (also when the report is the one kept in grain state)");
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

    /// <summary>
    /// The items a dataset's validation report leaves out, one value per reason (0 for the reasons it
    /// does not give), each time the report is used: a report read back from grain state after a
    /// restart shows as well as a fresh one, and a fixed file brings its reason back to 0.
    /// </summary>
    public void DatasetReport(DatasetSummary report)
    {
        foreach (var reason in Enum.GetValues<RejectionReason>().Select(r => r.Name()))
            _rejected.Record(report.Rejected.Count(r => r.Reason == reason), [new(TelemetryTags.Dataset, report.Path), new(TelemetryTags.Reason, reason)]);
    }

    private static KeyValuePair<string, object?>[] TagsOf(StageJob job, string device) => [.. TelemetryTags.Of(job), new(TelemetryTags.Device, device)];

    private static void Split(Gauge<double> gauge, double train, double validation, KeyValuePair<string, object?>[] tags)
    {
        gauge.Record(train, [.. tags, new(TelemetryTags.Split, "train")]);
        gauge.Record(validation, [.. tags, new(TelemetryTags.Split, "validation")]);
    }

    public void Dispose() => _meter.Dispose();
}
