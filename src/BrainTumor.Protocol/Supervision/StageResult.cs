using System.Text.Json.Serialization;

namespace BrainTumor.Protocol.Supervision;

/// <summary>
/// What one stage of the ladder reports to the supervisor. Stage <see cref="Depth"/> 0 trains only
/// the new head; stage k also unfreezes the k deepest blocks (Swati et al. 2019, block-wise
/// fine-tuning). <see cref="Metric"/> is the stage's best validation value of
/// <see cref="MetricName"/> (for example <c>accuracy</c> or <c>macro_f1</c>); higher is better. The
/// validation loss at that epoch is carried for the report, and <see cref="BestEpoch"/> (the epoch of
/// that value, from 1) tells a refit how long the stage trained to its best; the policies decide on
/// the metric alone. A stage whose numbers became non-finite ended there: <see cref="Failure"/> says
/// why, <see cref="Metric"/> and <see cref="ValidationLoss"/> are those of its best finite epoch (0 and
/// <see cref="BestEpoch"/> 0 without one), and the ladder stops before it (<see cref="StageFailures"/>).
/// </summary>
public sealed record StageResult(
    [property: JsonPropertyName("depth")] int Depth,
    [property: JsonPropertyName("metric_name")] string MetricName,
    [property: JsonPropertyName("metric")] double Metric,
    [property: JsonPropertyName("validation_loss")] double ValidationLoss,
    [property: JsonPropertyName("best_epoch")] int BestEpoch = 0,
    [property: JsonPropertyName("failure"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Failure = null)
{
    /// <summary>Whether the stage failed (<see cref="Failure"/>) instead of finishing.</summary>
    [JsonIgnore] public bool Failed => Failure is not null;
}
