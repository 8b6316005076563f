using System.Text.Json;
using System.Text.Json.Serialization;

namespace BrainTumor.Imaging.Reading;

/// <summary>Why a file was left out of a dataset. Serialised in snake case (<c>not_an_image</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RejectionReason>))]
public enum RejectionReason
{
    [JsonStringEnumMemberName("unreadable")] Unreadable,
    [JsonStringEnumMemberName("truncated")] Truncated,
    [JsonStringEnumMemberName("not_an_image")] NotAnImage,
    [JsonStringEnumMemberName("empty")] Empty,
    [JsonStringEnumMemberName("blank")] Blank,
    [JsonStringEnumMemberName("oversized")] Oversized,
    [JsonStringEnumMemberName("unknown_label")] UnknownLabel,
    [JsonStringEnumMemberName("label_conflict")] LabelConflict,
    [JsonStringEnumMemberName("missing_field")] MissingField,
    [JsonStringEnumMemberName("missing_file")] MissingFile,
    [JsonStringEnumMemberName("outside_dataset")] OutsideDataset,
}

/// <summary>A file that is not part of the dataset, with the reason in words a user can act on.</summary>
public sealed record RejectedFile(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("reason")] RejectionReason Reason,
    [property: JsonPropertyName("detail")] string Detail)
{
    /// <summary>The record for an item whose reading failed: the reader's reason, or "unreadable".</summary>
    public static RejectedFile For(DatasetItem item, Exception error) =>
        error is ItemRejectedException rejected
            ? new RejectedFile(item.Id, rejected.Reason, rejected.Message)
            : new RejectedFile(item.Id, RejectionReason.Unreadable, error.Message);
}

/// <summary>Thrown by a reader for one bad item; the caller records it and goes on with the rest.</summary>
public sealed class ItemRejectedException(RejectionReason reason, string detail, Exception? inner = null)
    : Exception(detail, inner)
{
    public RejectionReason Reason { get; } = reason;
}

public static class RejectionReasons
{
    /// <summary>The reason as it is serialised and shown (<c>not_an_image</c>).</summary>
    public static string Name(this RejectionReason reason) => JsonSerializer.Serialize(reason).Trim('"');
}
