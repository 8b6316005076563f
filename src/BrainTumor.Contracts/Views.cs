using BrainTumor.Protocol.Specs;

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
    [property: Id(2)] ExperimentEventKind Kind,
    [property: Id(3)] int? Fold,
    [property: Id(4)] int? Depth,
    [property: Id(5)] string Message,
    [property: Id(6)] EpochProgress? Epoch);

/// <summary>
/// A dataset as its grain validated it (every file read once): the accepted slices per class and
/// group, every rejected file with its reason, and exact pixel duplicates. Experiments plan their
/// folds on the accepted slices only.
/// </summary>
/// <param name="Items">Accepted slices.</param>
/// <param name="Classes">Accepted slices per class name.</param>
/// <param name="Groups">Distinct groups (patients, or patient-disjoint folds given by the data).</param>
/// <param name="GroupSource">What the groups are (<c>PID</c>, <c>manifest:cheng_fold</c>), or null when the data has none.</param>
/// <param name="GroupSizes">Accepted slices per group.</param>
/// <param name="Ungrouped">Accepted slices without a group (they cannot be placed in patient-disjoint folds).</param>
/// <param name="ContentKey">SHA-256 of the files' names, sizes, times, labels and groups: the report is kept while it holds.</param>
[GenerateSerializer, Alias("BrainTumor.DatasetSummary")]
public sealed record DatasetSummary(
    [property: Id(0)] string Path,
    [property: Id(1)] string Format,
    [property: Id(2)] int Items,
    [property: Id(3)] IReadOnlyDictionary<string, int> Classes,
    [property: Id(4)] int Groups,
    [property: Id(5)] IReadOnlyList<string> FoldSources,
    [property: Id(6)] string? GroupSource,
    [property: Id(7)] IReadOnlyDictionary<string, int> GroupSizes,
    [property: Id(8)] int Ungrouped,
    [property: Id(9)] IReadOnlyList<RejectedItem> Rejected,
    [property: Id(10)] IReadOnlyList<DuplicateItems> Duplicates,
    [property: Id(11)] string ContentKey,
    [property: Id(12)] DateTimeOffset Validated);

/// <summary>A file left out of a dataset: its id (path under the dataset), the reason (<c>not_an_image</c>, <c>truncated</c>, ...) and the detail.</summary>
[GenerateSerializer, Alias("BrainTumor.RejectedItem")]
public sealed record RejectedItem(
    [property: Id(0)] string File,
    [property: Id(1)] string Reason,
    [property: Id(2)] string Detail);

/// <summary>Accepted files with identical pixels; <paramref name="CrossesGroups"/> when the copies belong to different groups (a leak between folds).</summary>
[GenerateSerializer, Alias("BrainTumor.DuplicateItems")]
public sealed record DuplicateItems(
    [property: Id(0)] IReadOnlyList<string> Files,
    [property: Id(1)] bool CrossesGroups);

/// <summary>
/// What a trainer knows of a stage's job: queued or running there (<paramref name="Held"/>), or ended there
/// with <paramref name="Ended"/> as its result; neither when it never had the job or has lost it (its silo restarted).
/// A trainer's report of a job's end is one-way, so a stage can ask between the end and the report's arrival.
/// </summary>
[GenerateSerializer, Alias("BrainTumor.TrainerHolding")]
public sealed record TrainerHolding(
    [property: Id(0)] bool Held,
    [property: Id(1)] JobResult? Ended)
{
    public static TrainerHolding Unknown { get; } = new(false, null);
}

/// <summary>A device a trainer runs on, and its load.</summary>
[GenerateSerializer, Alias("BrainTumor.DeviceInfo")]
public sealed record DeviceInfo(
    [property: Id(0)] string TrainerKey,
    [property: Id(1)] string Silo,
    [property: Id(2)] string Device,
    [property: Id(3)] string? RunningJob,
    [property: Id(4)] IReadOnlyList<string> Queue,
    [property: Id(5)] int JobsDone);
