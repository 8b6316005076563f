using System.Text.Json.Serialization;

namespace BrainTumor.Protocol.Runs;

/// <summary>How a stage fed its trainable part: from the activation cache (which tier, which precision, how big, how long it took to fill) or by full recomputation, and why.</summary>
public sealed record CacheReport(
    [property: JsonPropertyName("used")] bool Used,
    [property: JsonPropertyName("tier")] string Tier,
    [property: JsonPropertyName("precision")] string? Precision,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("build_seconds")] double BuildSeconds,
    [property: JsonPropertyName("bypass_reason")] string? BypassReason)
{
    public static CacheReport Bypassed(string reason) => new(false, "none", null, 0, 0, reason);

    public override string ToString() => Used
        ? $"cache: {Tier}, {Precision}, {Bytes / (1024.0 * 1024.0):F1} MiB, filled in {BuildSeconds:F1} s"
        : $"cache bypassed: {BypassReason}";
}
