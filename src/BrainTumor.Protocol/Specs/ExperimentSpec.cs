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

    /// <summary>Before the resize: <c>none</c> (the whole frame) or <c>brain</c> (the square around the head's bounding box).</summary>
    public string Crop { get; init; } = "none";

    /// <summary>Per-slice intensity scaling to [0, 1]: <c>minmax</c>, or <c>percentile</c> (the 99.5th percentile to 1, brighter pixels clipped).</summary>
    public string Normalize { get; init; } = "minmax";

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

    /// <summary>Random rotation of training slices, up to this many degrees either way (0: none).</summary>
    public double Rotate { get; init; }

    /// <summary>Random zoom of training slices by a factor from [1 - this, 1 + this] (0: none).</summary>
    public double Scale { get; init; }

    /// <summary>Random shift of training slices, up to this share of the side on each axis (0: none).</summary>
    public double Translate { get; init; }

    /// <summary>Random brightness, contrast and gamma of training slices, of this strength (0: none).</summary>
    public double Intensity { get; init; }

    /// <summary>Gaussian noise on training slices, of this standard deviation on the 0-1 grey scale (0: none).</summary>
    public double Noise { get; init; }

    /// <summary>With augmentation: this many augmented views of each training slice are run through the frozen blocks once per stage and cached; each epoch trains on one of them (0: fresh changes every epoch, the whole network each time).</summary>
    public int AugmentedViews { get; init; }

    /// <summary>The optimizer: <c>sgd</c> (momentum 0.9) or <c>adamw</c>.</summary>
    public string Optimizer { get; init; } = "sgd";

    /// <summary>Nesterov momentum (SGD only).</summary>
    public bool Nesterov { get; init; }

    /// <summary>Weight decay (not applied to biases and normalisation scales).</summary>
    public double WeightDecay { get; init; }

    /// <summary>Each block below the head trains at this factor of the rate of the block above it (discriminative rates).</summary>
    public double BlockLrFactor { get; init; } = 0.1;

    /// <summary>The learning rate's course within a stage: <c>constant</c> or <c>cosine</c> (after <see cref="WarmupEpochs"/> of linear warm-up).</summary>
    public string Schedule { get; init; } = "constant";

    /// <summary>Epochs of linear warm-up at the start of every stage (cosine schedule).</summary>
    public int WarmupEpochs { get; init; }

    /// <summary>Largest gradient norm per step (0: no clipping).</summary>
    public double GradientClip { get; init; }

    /// <summary>Weigh each class's loss by the inverse of its share of the training slices.</summary>
    public bool BalancedLoss { get; init; }

    /// <summary>BatchNorm of unfrozen blocks: <c>frozen</c> (ImageNet statistics kept) or <c>updated</c> (batch statistics, running averages updated).</summary>
    public string BatchNorm { get; init; } = "frozen";

    /// <summary>Test-time augmentation: <c>none</c>, or <c>flip</c> (the mean of the probabilities of each slice and its mirror image).</summary>
    public string Tta { get; init; } = "none";

    /// <summary>What convolutions and linear layers compute in: <c>fp32</c>, or <c>bf16</c> (bfloat16 with float32 weights, optimizer and loss, on a device that has bfloat16 instructions; float32 elsewhere).</summary>
    public string Precision { get; init; } = "fp32";

    /// <summary>After the ladder, train its stages up to the chosen depth again on the training and validation parts together, each for the epochs its ladder stage took to its best, and test that model.</summary>
    public bool Refit { get; init; }

    /// <summary>The named recipe (<see cref="NamedRecipes"/>) the spec started from before its own values, or null.</summary>
    public string? Recipe { get; init; }

    /// <summary>The spec's own defaults for <paramref name="dataset"/>.</summary>
    public static ExperimentSpec For(string dataset) => new() { Dataset = dataset };

    /// <summary>This spec, or an <see cref="ArgumentException"/> naming every field whose value is not allowed (by its flag) and what is expected.</summary>
    public ExperimentSpec Validated()
    {
        var problems = ExperimentSpecFields.All.Select(f => f.Problem(this)).OfType<string>().ToList();
        return problems.Count == 0 ? this : throw new ArgumentException(string.Join("; ", problems));
    }
}
