using System.Text.Json.Serialization;
using BrainTumor.Protocol.Metrics;

namespace BrainTumor.Protocol.Runs;

/// <summary>A fold's test evaluation as stored in <c>test.json</c>: every prediction and score (so any metric can be recomputed) and the metrics.</summary>
public sealed record TestRecord(
    [property: JsonPropertyName("fold")] int Fold,
    [property: JsonPropertyName("depth")] int Depth,
    [property: JsonPropertyName("evaluation")] EvaluationResult Evaluation,
    [property: JsonPropertyName("metrics")] ClassificationMetrics Metrics);

/// <summary><c>test.json</c> read back: the predictions, from which the metrics are recomputed.</summary>
public sealed record StoredTest(
    [property: JsonPropertyName("fold")] int Fold,
    [property: JsonPropertyName("depth")] int Depth,
    [property: JsonPropertyName("evaluation")] EvaluationResult Evaluation);
