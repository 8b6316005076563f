using System.Text.Json.Serialization;

namespace BrainTumor.Protocol.Supervision;

/// <summary>
/// What one stage of the ladder reports to the supervisor. Stage <see cref="Depth"/> 0 trains only
/// the new head; stage k also unfreezes the k deepest blocks (Swati et al. 2019, block-wise
/// fine-tuning). <see cref="Metric"/> is the stage's best validation value of
/// <see cref="MetricName"/> (for example <c>accuracy</c> or <c>macro_f1</c>); higher is better. The
/// validation loss at that epoch is carried for the report, and <see cref="BestEpoch"/> (the epoch of
/// that value, from 1) tells a refit how long the stage trained to its best; the policies decide on
/// the metric alone.
/// </summary>
public sealed record StageResult(
    [property: JsonPropertyName("depth")] int Depth,
    [property: JsonPropertyName("metric_name")] string MetricName,
    [property: JsonPropertyName("metric")] double Metric,
    [property: JsonPropertyName("validation_loss")] double ValidationLoss,
    [property: JsonPropertyName("best_epoch")] int BestEpoch = 0);
