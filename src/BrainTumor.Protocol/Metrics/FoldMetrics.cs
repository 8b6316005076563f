using System.Text.Json.Serialization;

namespace BrainTumor.Protocol.Metrics;

/// <summary>One fold's test metrics, at the depth its supervisor chose.</summary>
public sealed record FoldMetrics(
    [property: JsonPropertyName("fold")] int Fold,
    [property: JsonPropertyName("metrics")] ClassificationMetrics Metrics);
