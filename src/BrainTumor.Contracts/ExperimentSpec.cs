namespace BrainTumor.Contracts;

/// <summary>
/// What an experiment runs: a dataset, a backbone and its weights, how folds are made, the
/// supervisor policy and the training recipe's main knobs. Paths are as the silo sees them and
/// must lie under its configured data and weights roots.
/// </summary>
[GenerateSerializer, Alias("BrainTumor.ExperimentSpec")]
public sealed record ExperimentSpec
{
    /// <summary>Dataset folder (figshare .mat files or class folders of images).</summary>
    [Id(0)] public required string Dataset { get; init; }

    /// <summary>Backbone name (<c>braintumor backbones</c> lists them).</summary>
    [Id(1)] public string Backbone { get; init; } = "resnet18-imagenet";

    /// <summary>A weights file; null for the backbone's default pretrained weights.</summary>
    [Id(2)] public string? Weights { get; init; }

    /// <summary>Number of patient-grouped, class-stratified folds (ignored when <see cref="FoldsFrom"/> is set).</summary>
    [Id(3)] public int? Folds { get; init; }

    /// <summary>Folds given by the data: <c>cvind</c> or a manifest column such as <c>cheng_fold</c>.</summary>
    [Id(4)] public string? FoldsFrom { get; init; }

    /// <summary>Input side in pixels; null for the backbone's own.</summary>
    [Id(5)] public int? InputSize { get; init; }

    /// <summary><c>adaptive</c>, <c>exhaustive</c> or <c>fixed:K</c>.</summary>
    [Id(6)] public string Policy { get; init; } = "adaptive";

    [Id(7)] public int Epochs { get; init; } = 10;

    [Id(8)] public int Patience { get; init; } = 3;

    [Id(9)] public int BatchSize { get; init; } = 16;

    [Id(10)] public double LearningRate { get; init; } = 1e-3;

    [Id(11)] public int Seed { get; init; } = 42;

    /// <summary>Random horizontal flips (bypasses the frozen-prefix activation cache).</summary>
    [Id(12)] public bool Augment { get; init; }

    /// <summary>Use only this many slices (class-stratified, by the seed), for quick runs; null for all.</summary>
    [Id(13)] public int? MaxItems { get; init; }

    /// <summary>Every width of the network divided by this (quick checks on a small network; 1 for the real one).</summary>
    [Id(14)] public int WidthDivisor { get; init; } = 1;
}
