using System.CommandLine;
using BrainTumor.Contracts;

namespace BrainTumor.Client.Commands;

/// <summary>The options of <c>experiment start</c> and how they make an <see cref="ExperimentSpec"/>.</summary>
internal sealed class ExperimentSpecOptions
{
    private static readonly ExperimentSpec Defaults = new() { Dataset = "" };

    public Option<string> Dataset { get; } = new("--dataset") { Description = "Dataset folder (figshare .mat files, or class folders of images with an optional manifest.csv).", Required = true };
    public Option<string> Backbone { get; } = new("--backbone") { Description = "Backbone to fine-tune (see `braintumor backbones`).", DefaultValueFactory = _ => Defaults.Backbone };
    public Option<string?> Weights { get; } = new("--weights") { Description = "Pretrained weights file (default: the backbone's own, from the weights folder)." };
    public Option<int?> Folds { get; } = new("--folds") { Description = "Number of patient-grouped, class-stratified folds." };
    public Option<string?> FoldsFrom { get; } = new("--folds-from") { Description = "Folds given by the data: cvind or a manifest column such as cheng_fold." };
    public Option<int?> InputSize { get; } = new("--input-size") { Description = "Input side in pixels (default: the backbone's)." };
    public Option<string> Policy { get; } = new("--policy") { Description = "Supervisor policy: adaptive, exhaustive or fixed:K.", DefaultValueFactory = _ => Defaults.Policy };
    public Option<int> Epochs { get; } = new("--epochs") { Description = "Most epochs per stage.", DefaultValueFactory = _ => Defaults.Epochs };
    public Option<int> Patience { get; } = new("--patience") { Description = "Early stopping: epochs without a better validation accuracy.", DefaultValueFactory = _ => Defaults.Patience };
    public Option<int> BatchSize { get; } = new("--batch-size") { Description = "Batch size.", DefaultValueFactory = _ => Defaults.BatchSize };
    public Option<double> LearningRate { get; } = new("--learning-rate") { Description = "The head's learning rate (deeper blocks train at x0.1 per block).", DefaultValueFactory = _ => Defaults.LearningRate };
    public Option<int> Seed { get; } = new("--seed") { Description = "Seed of folds, initialisation and batch order.", DefaultValueFactory = _ => Defaults.Seed };
    public Option<bool> Augment { get; } = new("--augment") { Description = "Random horizontal flips (bypasses the activation cache)." };
    public Option<int?> MaxItems { get; } = new("--max-items") { Description = "Use only this many slices, the same share of every class (quick runs)." };
    public Option<int> WidthDivisor { get; } = new("--width-divisor") { Description = "Divide every width of the network by this (quick checks on a small network; 1 for the real one).", DefaultValueFactory = _ => 1 };

    public IEnumerable<Option> All => [Dataset, Backbone, Weights, Folds, FoldsFrom, InputSize, Policy, Epochs, Patience, BatchSize, LearningRate, Seed, Augment, MaxItems, WidthDivisor];

    public ExperimentSpec Spec(ParseResult parse) => new()
    {
        Dataset = parse.GetValue(Dataset)!,
        Backbone = parse.GetValue(Backbone)!,
        Weights = parse.GetValue(Weights),
        Folds = parse.GetValue(Folds),
        FoldsFrom = parse.GetValue(FoldsFrom),
        InputSize = parse.GetValue(InputSize),
        Policy = parse.GetValue(Policy)!,
        Epochs = parse.GetValue(Epochs),
        Patience = parse.GetValue(Patience),
        BatchSize = parse.GetValue(BatchSize),
        LearningRate = parse.GetValue(LearningRate),
        Seed = parse.GetValue(Seed),
        Augment = parse.GetValue(Augment),
        MaxItems = parse.GetValue(MaxItems),
        WidthDivisor = parse.GetValue(WidthDivisor),
    };
}
