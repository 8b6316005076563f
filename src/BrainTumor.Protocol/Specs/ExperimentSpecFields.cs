using BrainTumor.Protocol.Supervision;

namespace BrainTumor.Protocol.Specs;

/// <summary>
/// Every field of <see cref="ExperimentSpec"/>, in the order spec.json and the report write them:
/// the one place a field's key, meaning and allowed values are declared. The command line
/// (<c>experiment start</c>), the samples program's configuration and the JSON files are made from
/// this table, so a new training option is one property, one row here and its use in the trainer.
/// </summary>
public static class ExperimentSpecFields
{
    public static SpecField<string> Dataset { get; } = new("dataset",
        "Dataset folder (figshare .mat files, or class folders of images with an optional manifest.csv).",
        s => s.Dataset, (s, v) => s with { Dataset = v }, "a dataset folder", v => !string.IsNullOrWhiteSpace(v));

    public static SpecField<string> Backbone { get; } = new("backbone",
        "Backbone to fine-tune (see `braintumor backbones`).",
        s => s.Backbone, (s, v) => s with { Backbone = v }, "a backbone name (`braintumor backbones` lists them)", v => !string.IsNullOrWhiteSpace(v));

    public static SpecField<string?> Weights { get; } = new("weights",
        "Pretrained weights file (default: the backbone's own, from the weights folder).",
        s => s.Weights, (s, v) => s with { Weights = v }, "a weights file", _ => true);

    public static SpecField<int?> Folds { get; } = new("folds",
        "Number of patient-grouped, class-stratified folds.",
        s => s.Folds, (s, v) => s with { Folds = v }, "between 2 and 20", v => v is null or (>= 2 and <= 20));

    public static SpecField<string?> FoldsFrom { get; } = new("folds_from",
        "Folds given by the data: cvind or a manifest column such as cheng_fold.",
        s => s.FoldsFrom, (s, v) => s with { FoldsFrom = v }, "cvind or a manifest column", _ => true);

    public static SpecField<int?> InputSize { get; } = new("input_size",
        "Input side in pixels (default: the backbone's).",
        s => s.InputSize, (s, v) => s with { InputSize = v }, "between 32 and 1024 pixels", v => v is null or (>= 32 and <= 1024));

    public static SpecField<string> Crop { get; } = OneOf("crop",
        "Before the resize: none (the whole frame) or brain (a square around the head's bounding box, so the tumour keeps more pixels).",
        s => s.Crop, (s, v) => s with { Crop = v }, "none", "brain");

    public static SpecField<string> Normalize { get; } = OneOf("normalize",
        "Per-slice intensity scaling to 0-1: minmax, or percentile (the 99.5th percentile to 1, brighter pixels clipped).",
        s => s.Normalize, (s, v) => s with { Normalize = v }, "minmax", "percentile");

    public static SpecField<string> Policy { get; } = new("policy",
        "Supervisor policy: adaptive, exhaustive or fixed:K.",
        s => s.Policy, (s, v) => s with { Policy = v }, SupervisorPolicies.ExpectedForms,
        v => PolicyProblem(v) is null, PolicyProblem);

    public static SpecField<int> Epochs { get; } = new("epochs",
        "Most epochs per stage.",
        s => s.Epochs, (s, v) => s with { Epochs = v }, "a whole number from 1", v => v >= 1);

    public static SpecField<int> Patience { get; } = new("patience",
        "Early stopping: epochs without a better validation accuracy.",
        s => s.Patience, (s, v) => s with { Patience = v }, "a whole number from 1", v => v >= 1);

    public static SpecField<int> BatchSize { get; } = new("batch_size",
        "Batch size.",
        s => s.BatchSize, (s, v) => s with { BatchSize = v }, "a whole number from 2", v => v >= 2);

    public static SpecField<double> LearningRate { get; } = new("learning_rate",
        "The head's learning rate (each block below trains at --block-lr-factor of the one above).",
        s => s.LearningRate, (s, v) => s with { LearningRate = v }, "a number above 0", v => v > 0 && double.IsFinite(v));

    public static SpecField<int> Seed { get; } = new("seed",
        "Seed of folds, initialisation and batch order.",
        s => s.Seed, (s, v) => s with { Seed = v }, "a whole number", _ => true);

    public static SpecField<bool> Augment { get; } = new("augment",
        "Random horizontal flips (bypasses the activation cache).",
        s => s.Augment, (s, v) => s with { Augment = v }, "true or false", _ => true);

    public static SpecField<int?> MaxItems { get; } = new("max_items",
        "Use only this many slices, the same share of every class (quick runs).",
        s => s.MaxItems, (s, v) => s with { MaxItems = v }, "at least 6", v => v is null or >= 6);

    public static SpecField<int> WidthDivisor { get; } = new("width_divisor",
        "Divide every width of the network by this (quick checks on a small network; 1 for the real one).",
        s => s.WidthDivisor, (s, v) => s with { WidthDivisor = v }, "between 1 and 64", v => v is >= 1 and <= 64);

    public static SpecField<double> LabelSmoothing { get; } = new("label_smoothing",
        "Label smoothing of the loss: this share of each target spread evenly over the classes (0: one-hot targets).",
        s => s.LabelSmoothing, (s, v) => s with { LabelSmoothing = v }, "a number from 0 up to (not including) 1", v => v is >= 0 and < 1);

    public static SpecField<double> Rotate { get; } = new("rotate",
        "Random rotation of training slices, up to this many degrees either way (0: none; bypasses the activation cache).",
        s => s.Rotate, (s, v) => s with { Rotate = v }, "0 to 180 degrees", v => v is >= 0 and <= 180);

    public static SpecField<double> Scale { get; } = new("scale",
        "Random zoom of training slices by a factor from [1 - this, 1 + this] (0: none).",
        s => s.Scale, (s, v) => s with { Scale = v }, "a number from 0 up to (not including) 1", v => v is >= 0 and < 1);

    public static SpecField<double> Translate { get; } = new("translate",
        "Random shift of training slices, up to this share of the side on each axis (0: none).",
        s => s.Translate, (s, v) => s with { Translate = v }, "a number from 0 to 0.5", v => v is >= 0 and <= 0.5);

    public static SpecField<double> Intensity { get; } = new("intensity",
        "Random brightness (+-this), contrast (x 1 +- this) and gamma (e^+-this) of training slices (0: none).",
        s => s.Intensity, (s, v) => s with { Intensity = v }, "a number from 0 up to (not including) 1", v => v is >= 0 and < 1);

    public static SpecField<double> Noise { get; } = new("noise",
        "Gaussian noise on training slices, of this standard deviation on the 0-1 grey scale (0: none).",
        s => s.Noise, (s, v) => s with { Noise = v }, "a number from 0 to 1", v => v is >= 0 and <= 1);

    public static SpecField<int> AugmentedViews { get; } = new("augmented_views",
        "With augmentation: cache the frozen blocks' output on this many augmented views of each training slice, one drawn per epoch (0: fresh changes each epoch, no cache for training).",
        s => s.AugmentedViews, (s, v) => s with { AugmentedViews = v }, "a whole number from 0 to 64", v => v is >= 0 and <= 64);

    public static SpecField<string> Optimizer { get; } = OneOf("optimizer", "The optimizer: sgd (momentum 0.9) or adamw.",
        s => s.Optimizer, (s, v) => s with { Optimizer = v }, "sgd", "adamw");

    public static SpecField<bool> Nesterov { get; } = new("nesterov",
        "Nesterov momentum (sgd only).",
        s => s.Nesterov, (s, v) => s with { Nesterov = v }, "true or false", _ => true);

    public static SpecField<double> WeightDecay { get; } = new("weight_decay",
        "Weight decay (biases and normalisation scales are not decayed).",
        s => s.WeightDecay, (s, v) => s with { WeightDecay = v }, "a number from 0 below 1", v => v is >= 0 and < 1);

    public static SpecField<double> BlockLrFactor { get; } = new("block_lr_factor",
        "Each block below the head trains at this factor of the rate of the block above it (1: the same rate everywhere).",
        s => s.BlockLrFactor, (s, v) => s with { BlockLrFactor = v }, "a number above 0, at most 1", v => v is > 0 and <= 1);

    public static SpecField<string> Schedule { get; } = OneOf("schedule", "The learning rate within a stage: constant, or cosine (after the warm-up) down to 0 at the last epoch.",
        s => s.Schedule, (s, v) => s with { Schedule = v }, "constant", "cosine");

    public static SpecField<int> WarmupEpochs { get; } = new("warmup_epochs",
        "Epochs of linear warm-up at the start of every stage (cosine schedule).",
        s => s.WarmupEpochs, (s, v) => s with { WarmupEpochs = v }, "a whole number from 0", v => v >= 0);

    public static SpecField<double> GradientClip { get; } = new("gradient_clip",
        "Largest gradient norm per step (0: no clipping).",
        s => s.GradientClip, (s, v) => s with { GradientClip = v }, "a number from 0", v => v >= 0 && double.IsFinite(v));

    public static SpecField<bool> BalancedLoss { get; } = new("balanced_loss",
        "Weigh each class's loss by the inverse of its share of the training slices.",
        s => s.BalancedLoss, (s, v) => s with { BalancedLoss = v }, "true or false", _ => true);

    public static SpecField<string> BatchNorm { get; } = OneOf("batch_norm",
        "BatchNorm of unfrozen blocks: frozen (ImageNet statistics kept) or updated (batch statistics, running averages updated).",
        s => s.BatchNorm, (s, v) => s with { BatchNorm = v }, "frozen", "updated");

    public static SpecField<string> Tta { get; } = OneOf("tta", "Test-time augmentation: none, or flip (each test slice and its mirror image, probabilities averaged).",
        s => s.Tta, (s, v) => s with { Tta = v }, "none", "flip");

    public static SpecField<string> Precision { get; } = OneOf("precision",
        "What convolutions and linear layers compute in: fp32, or bf16 (bfloat16 with float32 weights, optimizer and loss; only on a device with bfloat16 instructions, float32 elsewhere).",
        s => s.Precision, (s, v) => s with { Precision = v }, "fp32", "bf16");

    public static SpecField<bool> Refit { get; } = new("refit",
        "After the ladder, train its stages up to the chosen depth again on the training and validation parts together (each for the epochs its ladder stage took to its best) and test that model.",
        s => s.Refit, (s, v) => s with { Refit = v }, "true or false", _ => true);

    public static SpecField<string?> Recipe { get; } = new("recipe",
        "A named recipe (see `braintumor recipes`): its values first, then every other option given overrides them.",
        s => s.Recipe, (s, v) => s with { Recipe = v }, "a recipe name (`braintumor recipes` lists them)", v => v is null || NamedRecipes.Find(v) is not null);

    public static IReadOnlyList<SpecField> All { get; } =
        [Dataset, Backbone, Weights, Folds, FoldsFrom, InputSize, Crop, Normalize, Policy, Epochs, Patience, BatchSize, LearningRate, Seed, Augment, MaxItems, WidthDivisor, LabelSmoothing,
         Rotate, Scale, Translate, Intensity, Noise, AugmentedViews, Optimizer, Nesterov, WeightDecay, BlockLrFactor, Schedule, WarmupEpochs, GradientClip, BalancedLoss, BatchNorm, Tta, Precision, Refit, Recipe];

    /// <summary>The field whose flag, key or name is <paramref name="name"/>, or null.</summary>
    public static SpecField? Find(string name) =>
        All.FirstOrDefault(f => f.Flag == name || f.Key == name || string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    private static SpecField<string> OneOf(string key, string description, Func<ExperimentSpec, string> get, Func<ExperimentSpec, string, ExperimentSpec> set, params string[] values) =>
        new(key, description, get, set, "one of " + string.Join(", ", values), v => values.Contains(v, StringComparer.Ordinal));

    // The policy's form is checked here; its depths against the backbone's blocks when the backbone is known.
    private static string? PolicyProblem(string text)
    {
        try
        {
            SupervisorPolicies.Parse(text, int.MaxValue);
            return null;
        }
        catch (FormatException e)
        {
            return e.Message;
        }
    }
}
