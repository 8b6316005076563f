using System.ComponentModel;
using System.Text.Json.Serialization;
using BrainTumor.Protocol.Runs;
using BrainTumor.Protocol.Supervision;

namespace BrainTumor.Contracts;

/// <summary>One finished epoch of a stage, as the trainer reports it; a diverged epoch's non-finite numbers are JSON null (<see cref="NonFiniteAsNull"/>).</summary>
[GenerateSerializer, Alias("BrainTumor.EpochProgress")]
public sealed record EpochProgress(
    [property: Id(0)] int Epoch,
    [property: Id(1)] int MaxEpochs,
    [property: Id(2), JsonConverter(typeof(NonFiniteAsNull))] double TrainLoss,
    [property: Id(3), JsonConverter(typeof(NonFiniteAsNull))] double TrainAccuracy,
    [property: Id(4), JsonConverter(typeof(NonFiniteAsNull))] double ValidationLoss,
    [property: Id(5), JsonConverter(typeof(NonFiniteAsNull))] double ValidationAccuracy,
    [property: Id(6)] double Seconds,
    [property: Id(7)] bool Improved);

/// <summary>What a finished training stage reports upward: the numbers the supervisor decides on, and why it failed when its numbers became non-finite.</summary>
[GenerateSerializer, Alias("BrainTumor.StageSummary")]
public sealed record StageSummary(
    [property: Id(0)] int Depth,
    [property: Id(1)] int EpochsRun,
    [property: Id(2)] int BestEpoch,
    [property: Id(3)] double BestValidationAccuracy,
    [property: Id(4)] double BestValidationLoss,
    [property: Id(5)] bool StoppedEarly,
    [property: Id(6)] double Seconds,
    [property: Id(7)] string Cache,
    [property: Id(8)] string? Failure = null);

/// <summary>A fold's test evaluation at its chosen depth.</summary>
[GenerateSerializer, Alias("BrainTumor.TestSummary")]
public sealed record TestSummary(
    [property: Id(0)] int Depth,
    [property: Id(1)] double Accuracy,
    [property: Id(2)] double Loss,
    [property: Id(3)] int Items,
    [property: Id(4)] double Seconds);

/// <summary>How a trainer job ended, and when it ran on its device (the trainer's clock).</summary>
[GenerateSerializer, Alias("BrainTumor.JobResult")]
public sealed record JobResult(
    [property: Id(0)] RunStatus Status,
    [property: Id(1)] StageSummary? Stage,
    [property: Id(2)] TestSummary? Test,
    [property: Id(3)] string? Error,
    [property: Id(4)] DateTimeOffset? Started = null,
    [property: Id(5)] DateTimeOffset? Ended = null);

/// <summary>The supervisor's decision after a stage, with the numbers that drove it.</summary>
[GenerateSerializer, Alias("BrainTumor.DecisionInfo")]
public sealed record DecisionInfo(
    [property: Id(0)] int Depth,
    [property: Id(7)] SupervisorAction Action,
    [property: Id(2)] int ChosenDepth,
    [property: Id(3)] double Metric,
    [property: Id(4)] double? Gain,
    [property: Id(5)] string Reason,
    [property: Id(6)] string Policy)
{
    /// <summary>
    /// Reads a decision stored before <see cref="Action"/> existed, when it was a bool (true for deeper)
    /// under the key <c>GoDeeper</c> of grain state's JSON (grain storage writes JSON by property name): a
    /// value read sets <see cref="Action"/>. It is always null when read back, so it is never written
    /// again. Its Orleans field 1 stays unused, so a message from a build before this one is never misread.
    /// </summary>
    [JsonIgnore, EditorBrowsable(EditorBrowsableState.Never)]
    public bool? GoDeeper
    {
        get => null;
        init
        {
            if (value is { } deeper)
                Action = deeper ? SupervisorAction.Deeper : SupervisorAction.Stop;
        }
    }
}
