using System.Text.Json.Serialization;
using BrainTumor.Imaging.Reading;

namespace BrainTumor.Imaging.Validation;

/// <summary>What a dataset holds once every file has been read: the accepted items per class and
/// group, every rejected file with its reason, and exact pixel duplicates.</summary>
public sealed record ValidationReport
{
    [JsonPropertyName("path")] public required string Path { get; init; }
    [JsonPropertyName("format")] public required string Format { get; init; }

    /// <summary>Accepted slices.</summary>
    [JsonPropertyName("items")] public required int Items { get; init; }

    /// <summary>Accepted slices per class name.</summary>
    [JsonPropertyName("classes")] public required IReadOnlyDictionary<string, int> Classes { get; init; }

    /// <summary>Number of distinct groups (patients, or patient-disjoint folds).</summary>
    [JsonPropertyName("groups")] public required int Groups { get; init; }

    /// <summary>What the groups are (<c>PID</c>, <c>manifest:cheng_fold</c>), or null when the data has none.</summary>
    [JsonPropertyName("group_source")] public required string? GroupSource { get; init; }

    /// <summary>Accepted items without a group (they cannot be placed in patient-disjoint folds).</summary>
    [JsonPropertyName("ungrouped")] public required int Ungrouped { get; init; }

    /// <summary>Accepted items per group.</summary>
    [JsonPropertyName("group_sizes")] public required IReadOnlyDictionary<string, int> GroupSizes { get; init; }

    /// <summary>Attributes that carry folds given by the data (usable with <c>--folds-from</c>).</summary>
    [JsonPropertyName("fold_sources")] public required IReadOnlyList<string> FoldSources { get; init; }

    [JsonPropertyName("rejected")] public required IReadOnlyList<RejectedFile> Rejected { get; init; }

    /// <summary>Sets of accepted items whose pixels are identical.</summary>
    [JsonPropertyName("duplicates")] public required IReadOnlyList<DuplicateSet> Duplicates { get; init; }
}

/// <param name="CrossesGroups">True when the copies belong to different groups, which would leak between folds.</param>
public sealed record DuplicateSet(
    [property: JsonPropertyName("pixel_hash")] string PixelHash,
    [property: JsonPropertyName("files")] IReadOnlyList<string> Files,
    [property: JsonPropertyName("crosses_groups")] bool CrossesGroups);
