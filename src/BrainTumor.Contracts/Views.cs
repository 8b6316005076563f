namespace BrainTumor.Contracts;

/// <summary>
/// A stage as its grain knows it: where it runs, how far it got, how it ended.
/// <see cref="FirstEpoch"/> is the first epoch its latest attempt trained: 1 for a fresh start, and
/// after a rerun (a crash, a resume) the epoch after the checkpoint it resumed from.
/// </summary>
[GenerateSerializer, Alias("BrainTumor.StageInfo")]
public sealed record StageInfo(
    [property: Id(0)] string Key,
    [property: Id(1)] RunStatus Status,
    [property: Id(2)] string? Device,
    [property: Id(3)] int Attempts,
    [property: Id(4)] EpochProgress? LastEpoch,
    [property: Id(5)] StageSummary? Summary,
    [property: Id(6)] TestSummary? Test,
    [property: Id(7)] string? Error,
    [property: Id(8)] DateTimeOffset? Started,
    [property: Id(9)] DateTimeOffset? Ended,
    [property: Id(10)] int? FirstEpoch = null);

/// <summary>A fold's ladder so far.</summary>
[GenerateSerializer, Alias("BrainTumor.FoldInfo")]
public sealed record FoldInfo(
    [property: Id(0)] int Fold,
    [property: Id(1)] RunStatus Status,
    [property: Id(2)] int CurrentDepth,
    [property: Id(3)] IReadOnlyList<StageSummary> Stages,
    [property: Id(4)] IReadOnlyList<DecisionInfo> Decisions,
    [property: Id(5)] TestSummary? Test,
    [property: Id(6)] StageInfo? Current,
    [property: Id(7)] string? Error);

/// <summary>An experiment's spec, lifecycle and folds.</summary>
[GenerateSerializer, Alias("BrainTumor.ExperimentInfo")]
public sealed record ExperimentInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] ExperimentSpec Spec,
    [property: Id(2)] RunStatus Status,
    [property: Id(3)] DateTimeOffset Created,
    [property: Id(4)] DateTimeOffset? Finished,
    [property: Id(5)] string RunFolder,
    [property: Id(6)] IReadOnlyList<FoldInfo> Folds,
    [property: Id(7)] string? Error);

/// <summary>Something that happened in an experiment; <see cref="Sequence"/> orders them from 1.</summary>
[GenerateSerializer, Alias("BrainTumor.ExperimentEvent")]
public sealed record ExperimentEvent(
    [property: Id(0)] long Sequence,
    [property: Id(1)] DateTimeOffset Time,
    [property: Id(2)] string Kind,
    [property: Id(3)] int? Fold,
    [property: Id(4)] int? Depth,
    [property: Id(5)] string Message,
    [property: Id(6)] EpochProgress? Epoch);

/// <summary>A dataset's index as its grain reports it.</summary>
[GenerateSerializer, Alias("BrainTumor.DatasetSummary")]
public sealed record DatasetSummary(
    [property: Id(0)] string Path,
    [property: Id(1)] string Format,
    [property: Id(2)] int Items,
    [property: Id(3)] IReadOnlyDictionary<string, int> Classes,
    [property: Id(4)] int Groups,
    [property: Id(5)] IReadOnlyList<string> FoldSources);

/// <summary>A device a trainer runs on, and its load.</summary>
[GenerateSerializer, Alias("BrainTumor.DeviceInfo")]
public sealed record DeviceInfo(
    [property: Id(0)] string TrainerKey,
    [property: Id(1)] string Silo,
    [property: Id(2)] string Device,
    [property: Id(3)] string? RunningJob,
    [property: Id(4)] IReadOnlyList<string> Queue,
    [property: Id(5)] int JobsDone);
