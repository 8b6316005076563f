using System.Text.Json.Serialization;

namespace BrainTumor.Imaging.Folds;

/// <summary>
/// Which items each fold trains on, validates on (the supervisor's part, carved by group from the
/// training part) and tests on. Saved as JSON beside a run and reused on resume, so a run's folds
/// never change under it (nnU-Net's <c>splits_final.json</c> plays the same part).
/// </summary>
public sealed record FoldPlan
{
    public const int CurrentVersion = 1;

    [JsonPropertyName("version")] public int Version { get; init; } = CurrentVersion;

    /// <summary><c>given:&lt;attribute&gt;</c> for folds from the data, <c>stratified-group-kfold</c> otherwise.</summary>
    [JsonPropertyName("method")] public required string Method { get; init; }

    [JsonPropertyName("k")] public required int K { get; init; }
    [JsonPropertyName("seed")] public required int Seed { get; init; }
    [JsonPropertyName("validation_fraction")] public required double ValidationFraction { get; init; }

    /// <summary>SHA-256 of the items' ids, labels and groups: a plan is only reused for the same items.</summary>
    [JsonPropertyName("items_digest")] public required string ItemsDigest { get; init; }
    [JsonPropertyName("item_count")] public required int ItemCount { get; init; }
    [JsonPropertyName("folds")] public required IReadOnlyList<Fold> Folds { get; init; }
}

/// <summary>One fold: disjoint item ids (and disjoint groups) for training, validation and test.</summary>
public sealed record Fold(
    [property: JsonPropertyName("fold")] int Number,
    [property: JsonPropertyName("train")] IReadOnlyList<string> Train,
    [property: JsonPropertyName("validation")] IReadOnlyList<string> Validation,
    [property: JsonPropertyName("test")] IReadOnlyList<string> Test);
