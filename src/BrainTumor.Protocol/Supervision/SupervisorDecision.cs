using System.Text.Json.Serialization;

namespace BrainTumor.Protocol.Supervision;

/// <summary>
/// One decision with the numbers that drove it, for the report's table of supervisor decisions.
/// Gain is measured against the best of the shallower depths, not just the previous one: a stage
/// that recovers part of a drop is not an improvement, and the paper's criterion is whether going
/// deeper gains over what we already have (Swati et al. 2019).
/// </summary>
public sealed record SupervisorDecision
{
    /// <summary>The policy in its canonical text (<c>adaptive:threshold=0.005,patience=1,max_depth=5</c>).</summary>
    [JsonPropertyName("policy")] public required string Policy { get; init; }

    [JsonPropertyName("action")] public required SupervisorAction Action { get; init; }

    /// <summary>The depth of the stage just trained (the last entry of the history).</summary>
    [JsonPropertyName("depth")] public required int Depth { get; init; }

    /// <summary>Depth + 1 when going deeper, null when stopping.</summary>
    [JsonPropertyName("next_depth")] public required int? NextDepth { get; init; }

    /// <summary>
    /// On stop, the depth whose weights the fold tests. On deeper, the depth it would test were the
    /// ladder to end now, so that a cancelled run still has an answer: the best so far (for
    /// <c>fixed:K</c>, the deepest so far).
    /// </summary>
    [JsonPropertyName("chosen_depth")] public required int ChosenDepth { get; init; }

    [JsonPropertyName("reason")] public required string Reason { get; init; }

    [JsonPropertyName("metric_name")] public required string MetricName { get; init; }

    /// <summary>The validation metric at <see cref="Depth"/>.</summary>
    [JsonPropertyName("metric")] public required double Metric { get; init; }

    [JsonPropertyName("validation_loss")] public required double ValidationLoss { get; init; }

    /// <summary>The best metric over depths 0 .. Depth - 1 (null at depth 0) and its depth.</summary>
    [JsonPropertyName("best_before")] public required double? BestBefore { get; init; }

    [JsonPropertyName("best_before_depth")] public required int? BestBeforeDepth { get; init; }

    /// <summary><see cref="Metric"/> - <see cref="BestBefore"/>: what going one block deeper gained (null at depth 0).</summary>
    [JsonPropertyName("gain")] public required double? Gain { get; init; }

    /// <summary>The best metric over depths 0 .. Depth and its depth (ties go to the shallower depth).</summary>
    [JsonPropertyName("best_metric")] public required double BestMetric { get; init; }

    [JsonPropertyName("best_depth")] public required int BestDepth { get; init; }

    /// <summary>The deepest depth the policy may reach.</summary>
    [JsonPropertyName("max_depth")] public required int MaxDepth { get; init; }

    /// <summary>The least gain that counts as improvement (adaptive only).</summary>
    [JsonPropertyName("threshold")] public double? Threshold { get; init; }

    /// <summary>Consecutive stages without sufficient gain tolerated before stopping (adaptive only).</summary>
    [JsonPropertyName("patience")] public int? Patience { get; init; }

    /// <summary>Consecutive stages, ending with this one, whose gain fell short of the threshold (adaptive only).</summary>
    [JsonPropertyName("stages_without_gain")] public int? StagesWithoutGain { get; init; }

    /// <summary>How many more such stages would still be tolerated: patience - stages_without_gain, at least 0 (adaptive only).</summary>
    [JsonPropertyName("patience_left")] public int? PatienceLeft { get; init; }
}
