using System.Text.Json.Serialization;
using BrainTumor.Protocol.Supervision;

namespace BrainTumor.Protocol.Runs;

/// <summary>One epoch of a stage: training loss and accuracy (over the epoch's batches, as trained), validation loss and accuracy (after the epoch, eval mode);
/// <see cref="Seconds"/> is the whole epoch, <see cref="TrainSeconds"/> its training pass alone (what training throughput is measured on).
/// The epoch a stage diverged in has non-finite numbers: they are written as JSON null (<see cref="NonFiniteAsNull"/>).</summary>
public sealed record EpochRecord(
    [property: JsonPropertyName("epoch")] int Epoch,
    [property: JsonPropertyName("train_loss"), JsonConverter(typeof(NonFiniteAsNull))] double TrainLoss,
    [property: JsonPropertyName("train_accuracy"), JsonConverter(typeof(NonFiniteAsNull))] double TrainAccuracy,
    [property: JsonPropertyName("validation_loss"), JsonConverter(typeof(NonFiniteAsNull))] double ValidationLoss,
    [property: JsonPropertyName("validation_accuracy"), JsonConverter(typeof(NonFiniteAsNull))] double ValidationAccuracy,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("improved")] bool Improved,
    [property: JsonPropertyName("train_seconds")] double TrainSeconds);

/// <summary>
/// What a stage did: its depth, every epoch, the best epoch (whose weights the model holds after
/// training) and its validation numbers, whether early stopping ended it, its wall time and how
/// the trainable part was fed (<see cref="CacheReport"/>). A stage whose loss or accuracy became
/// non-finite ended at that epoch with a <see cref="Failure"/>: its best is its best finite epoch
/// (0, with numbers 0, when it had none), and the ladder does not build on it (<see cref="StageFailures"/>).
/// </summary>
public sealed record StageOutcome(
    [property: JsonPropertyName("depth")] int Depth,
    [property: JsonPropertyName("epochs")] IReadOnlyList<EpochRecord> Epochs,
    [property: JsonPropertyName("best_epoch")] int BestEpoch,
    [property: JsonPropertyName("best_validation_accuracy")] double BestValidationAccuracy,
    [property: JsonPropertyName("best_validation_loss")] double BestValidationLoss,
    [property: JsonPropertyName("stopped_early")] bool StoppedEarly,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("cache")] CacheReport Cache,
    [property: JsonPropertyName("failure"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Failure = null)
{
    public const string MetricName = "accuracy";

    [JsonPropertyName("epochs_run")] public int EpochsRun => Epochs.Count;

    /// <summary>What the supervisor sees of this stage.</summary>
    public StageResult ToStageResult() => new(Depth, MetricName, BestValidationAccuracy, BestValidationLoss, BestEpoch, Failure);
}
