using System.Diagnostics;
using BrainTumor.Protocol.Specs;

namespace BrainTumor.Grains.Telemetry;

/// <summary>
/// The spans of an experiment: experiment -> fold -> stage -> epoch (and the stage's run on its
/// device), one trace per experiment.
/// Experiments, folds and stages last minutes across many grain turns, one-way calls and
/// reminders, so no span is kept "current" across them: each level starts its span when it starts,
/// and hands its W3C context (<see cref="Activity.Id"/>, a traceparent) down in the
/// <see cref="StageJob"/> that the next level persists in its grain state. The parent of every span
/// is therefore explicit, and survives a grain's deactivation or a silo restart.
/// </summary>
public static class BrainTumorActivities
{
    public const string SourceName = "BrainTumorOrleans";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>The experiment's root span; a caller's span (the client's call) is linked, not made its parent.</summary>
    public static Activity? StartExperiment(string id, ExperimentSpec spec)
    {
        var caller = Activity.Current;
        Activity.Current = null;
        var links = caller is null ? null : new[] { new ActivityLink(caller.Context) };
        return Source.StartActivity(ActivityKind.Internal, default,
            [new(TelemetryTags.Experiment, id), new(TelemetryTags.Backbone, spec.Backbone)], links, name: "experiment");
    }

    /// <summary>A fold's span, child of the experiment whose context <paramref name="job"/> carries.</summary>
    public static Activity? StartFold(StageJob job) =>
        Source.StartActivity(ActivityKind.Internal, ParentOf(job),
            [new(TelemetryTags.Experiment, job.ExperimentId), new(TelemetryTags.Fold, job.Fold), new(TelemetryTags.Backbone, job.Spec.Backbone)], name: "fold");

    /// <summary>A stage's span (queued to finished), child of the fold whose context <paramref name="job"/> carries.</summary>
    public static Activity? StartStage(StageJob job) =>
        Source.StartActivity(ActivityKind.Internal, ParentOf(job), TelemetryTags.Of(job), name: job.Kind switch { StageJobKind.Test => "test", StageJobKind.Refit => "refit", _ => "stage" });

    /// <summary>
    /// The job's run on the device's thread (from loading its data to its result), a child of the
    /// stage: current on that thread while it lasts, so the runner's logs carry the trace.
    /// </summary>
    public static Activity? StartRun(StageJob job, string device)
    {
        var span = Source.StartActivity(ActivityKind.Internal, ParentOf(job), TelemetryTags.Of(job), name: "run");
        span?.SetTag(TelemetryTags.Device, device);
        return span;
    }

    /// <summary>Records one finished epoch as a child of the stage whose context <paramref name="job"/> carries; called on the device's thread.</summary>
    public static void RecordEpoch(StageJob job, string device, int epoch, double seconds)
    {
        var previous = Activity.Current;
        var now = DateTimeOffset.UtcNow;
        using (var span = Source.StartActivity(ActivityKind.Internal, ParentOf(job), TelemetryTags.Of(job), startTime: now.AddSeconds(-seconds), name: "epoch"))
        {
            span?.SetTag(TelemetryTags.Device, device);
            span?.SetTag("braintumor.epoch", epoch);
            span?.SetEndTime(now.UtcDateTime);
        }
        Activity.Current = previous;
    }

    /// <summary>Ends a long-lived span from whichever grain turn sees its end, leaving that turn's current span as it was.</summary>
    public static void End(Activity? span, RunStatus status, string? error = null)
    {
        if (span is null || span.IsStopped)
            return;
        var current = Activity.Current;
        span.SetTag(TelemetryTags.Status, status.ToString());
        if (status is RunStatus.Failed)
            span.SetStatus(ActivityStatusCode.Error, error);
        span.Stop();
        Activity.Current = current == span ? null : current;
    }

    /// <summary>The context a child of <paramref name="span"/> is started under: its own when recorded, else the one it was given.</summary>
    public static string? ContextFor(Activity? span, string? inherited) => span?.Id ?? inherited;

    private static ActivityContext ParentOf(StageJob job) =>
        ActivityContext.TryParse(job.TraceParent, null, out var parent) ? parent : default;
}
