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
        "The head's learning rate (deeper blocks train at x0.1 per block).",
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

    public static IReadOnlyList<SpecField> All { get; } =
        [Dataset, Backbone, Weights, Folds, FoldsFrom, InputSize, Policy, Epochs, Patience, BatchSize, LearningRate, Seed, Augment, MaxItems, WidthDivisor, LabelSmoothing];

    /// <summary>The field whose flag, key or name is <paramref name="name"/>, or null.</summary>
    public static SpecField? Find(string name) =>
        All.FirstOrDefault(f => f.Flag == name || f.Key == name || string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

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
