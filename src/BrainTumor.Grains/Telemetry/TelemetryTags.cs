namespace BrainTumor.Grains.Telemetry;

/// <summary>The attribute names operators filter on, shared by spans and metrics so a trace and a panel can be matched.</summary>
public static class TelemetryTags
{
    public const string Experiment = "braintumor.experiment.id";
    public const string Fold = "braintumor.fold";
    public const string Depth = "braintumor.stage.depth";
    public const string Test = "braintumor.stage.test";
    public const string Backbone = "braintumor.backbone";
    public const string Device = "braintumor.device";
    public const string Split = "braintumor.split";
    public const string Decision = "braintumor.decision";
    public const string Status = "braintumor.status";
    public const string Dataset = "braintumor.dataset";
    public const string Reason = "braintumor.rejection.reason";

    /// <summary>The tags that place a job: experiment, fold, depth (or test), backbone.</summary>
    public static KeyValuePair<string, object?>[] Of(StageJob job) =>
    [
        new(Experiment, job.ExperimentId),
        new(Fold, job.Fold),
        new(Depth, job.Depth),
        new(Test, job.Kind == StageJobKind.Test),
        new(Backbone, job.Spec.Backbone),
    ];
}
