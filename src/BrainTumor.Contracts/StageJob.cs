using BrainTumor.Protocol.Specs;

namespace BrainTumor.Contracts;

/// <summary>
/// One unit of work for a trainer: train stage <see cref="Depth"/> of a fold (the head and the
/// <see cref="Depth"/> deepest blocks), or, of kind <see cref="StageJobKind.Test"/>, evaluate the fold's chosen
/// depth once on its test part, or, of kind <see cref="StageJobKind.Refit"/>, train stage <see cref="Depth"/>
/// again on the fold's training and validation parts for <see cref="RefitEpochs"/> epochs. Everything it needs is in the job and the run folder, so any
/// device can run it and a rerun resumes from the stage's checkpoint there. <see cref="TraceParent"/>
/// is the W3C context of the span the job's work belongs under (docs/TELEMETRY.md).
/// </summary>
[GenerateSerializer, Alias("BrainTumor.StageJob")]
public sealed record StageJob(
    [property: Id(0)] string ExperimentId,
    [property: Id(1)] int Fold,
    [property: Id(2)] int Depth,
    [property: Id(3)] StageJobKind Kind,
    [property: Id(4)] ExperimentSpec Spec,
    [property: Id(5)] string RunFolder,
    [property: Id(6)] string? TraceParent = null,
    [property: Id(7)] int RefitEpochs = 0)
{
    /// <summary>The key of the stage grain that owns the job (<c>exp/fold/depth</c>, <c>exp/fold/refit-depth</c> or <c>exp/fold/test</c>).</summary>
    public string StageKey => Kind switch
    {
        StageJobKind.Test => StageKeys.Of(ExperimentId, Fold, null),
        StageJobKind.Refit => StageKeys.Refit(ExperimentId, Fold, Depth),
        _ => StageKeys.Of(ExperimentId, Fold, Depth),
    };

    public override string ToString() => Kind switch
    {
        StageJobKind.Test => $"{ExperimentId} fold {Fold} test (depth {Depth})",
        StageJobKind.Refit => $"{ExperimentId} fold {Fold} refit {Depth}",
        _ => $"{ExperimentId} fold {Fold} stage {Depth}",
    };
}

/// <summary>Grain keys of folds and stages, derived from the experiment id.</summary>
public static class StageKeys
{
    public static string Fold(string experimentId, int fold) => $"{experimentId}/{fold}";

    /// <summary><paramref name="depth"/> null for the fold's test evaluation.</summary>
    public static string Of(string experimentId, int fold, int? depth) => $"{experimentId}/{fold}/{(depth is { } d ? d.ToString(System.Globalization.CultureInfo.InvariantCulture) : "test")}";

    /// <summary>The refit of stage <paramref name="depth"/>.</summary>
    public static string Refit(string experimentId, int fold, int depth) => $"{experimentId}/{fold}/refit-{depth.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
