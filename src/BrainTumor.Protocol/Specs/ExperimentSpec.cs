namespace BrainTumor.Protocol.Specs;

/// <summary>
/// What an experiment runs: a dataset, a backbone and its weights, how folds are made, the
/// supervisor policy and the training recipe's knobs. Plain data: <see cref="ExperimentSpecFields"/>
/// is its one table of fields (command-line flag, configuration name, JSON key, default, allowed
/// values), and everything that reads or writes a spec (the CLI, the samples, spec.json, the report,
/// the trainer's recipe) goes through that table or these properties. Paths are as the silo sees
/// them and must lie under its configured data and weights roots.
/// </summary>
public sealed record ExperimentSpec
{
    /// <summary>Dataset folder (figshare .mat files or class folders of images).</summary>
    public required string Dataset { get; init; }

    /// <summary>Backbone name (<c>braintumor backbones</c> lists them).</summary>
    public string Backbone { get; init; } = "resnet18-imagenet";

    /// <summary>A weights file; null for the backbone's default pretrained weights.</summary>
    public string? Weights { get; init; }

    /// <summary>Number of patient-grouped, class-stratified folds (ignored when <see cref="FoldsFrom"/> is set).</summary>
    public int? Folds { get; init; }

    /// <summary>Folds given by the data: <c>cvind</c> or a manifest column such as <c>cheng_fold</c>.</summary>
    public string? FoldsFrom { get; init; }

    /// <summary>Input side in pixels; null for the backbone's own.</summary>
    public int? InputSize { get; init; }

    /// <summary><c>adaptive</c>, <c>exhaustive</c> or <c>fixed:K</c>, with their settings (<see cref="Supervision.SupervisorPolicies"/>).</summary>
    public string Policy { get; init; } = "adaptive";

    /// <summary>Most epochs per stage.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Early stopping: epochs in a row without a better validation metric.</summary>
    public int Patience { get; init; } = 3;

    public int BatchSize { get; init; } = 16;

    /// <summary>The head's learning rate; deeper blocks train at a tenth per block below it.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Seed of folds, initialisation and batch order.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Random horizontal flips (bypasses the frozen-prefix activation cache).</summary>
    public bool Augment { get; init; }

    /// <summary>Use only this many slices (class-stratified, by the seed), for quick runs; null for all.</summary>
    public int? MaxItems { get; init; }

    /// <summary>Every width of the network divided by this (quick checks on a small network; 1 for the real one).</summary>
    public int WidthDivisor { get; init; } = 1;

    /// <summary>Label smoothing of the cross-entropy loss: the target puts this share of its mass evenly on all classes (0 for plain one-hot targets).</summary>
    public double LabelSmoothing { get; init; }

    /// <summary>The spec's own defaults for <paramref name="dataset"/>.</summary>
    public static ExperimentSpec For(string dataset) => new() { Dataset = dataset };

    /// <summary>This spec, or an <see cref="ArgumentException"/> naming every field whose value is not allowed (by its flag) and what is expected.</summary>
    public ExperimentSpec Validated()
    {
        var problems = ExperimentSpecFields.All.Select(f => f.Problem(this)).OfType<string>().ToList();
        return problems.Count == 0 ? this : throw new ArgumentException(string.Join("; ", problems));
    }
}
