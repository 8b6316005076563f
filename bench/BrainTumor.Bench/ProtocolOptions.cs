using System.CommandLine;
using BrainTumor.Learning.Backbones;
using BrainTumor.Learning.Training;

namespace BrainTumor.Bench;

/// <summary>The options of a protocol run (data, backbone, folds, policy, recipe), shared by the commands that run the protocol.</summary>
internal sealed class ProtocolOptions(string datasetDefault, string policyDefault, int epochsDefault)
{
    public Option<string> Dataset { get; } = new("--dataset") { Description = "Dataset folder.", DefaultValueFactory = _ => datasetDefault };
    public Option<string> Backbone { get; } = new("--backbone") { Description = "Backbone name.", DefaultValueFactory = _ => "resnet18-imagenet" };
    public Option<string> FoldsFrom { get; } = new("--folds-from") { Description = "Fold attribute of the data.", DefaultValueFactory = _ => "cheng_fold" };
    public Option<string> Policy { get; } = new("--policy") { Description = "Supervisor policy.", DefaultValueFactory = _ => policyDefault };
    public Option<int> Epochs { get; } = new("--epochs") { Description = "Most epochs per stage.", DefaultValueFactory = _ => epochsDefault };
    public Option<int> Patience { get; } = new("--patience") { Description = "Early-stopping patience (epochs).", DefaultValueFactory = _ => 2 };
    public Option<double> Lr { get; } = new("--lr") { Description = "Head learning rate.", DefaultValueFactory = _ => 0.01 };
    public Option<double> BlockLrFactor { get; } = new("--block-lr-factor") { Description = "Learning-rate factor per block below the head.", DefaultValueFactory = _ => 0.1 };
    public Option<int> Batch { get; } = new("--batch") { Description = "Batch size.", DefaultValueFactory = _ => 32 };
    public Option<bool> Augment { get; } = new("--augment") { Description = "Horizontal flips (bypasses the activation cache)." };
    public Option<int> Seed { get; } = new("--seed") { Description = "Seed.", DefaultValueFactory = _ => 42 };

    public Command AddTo(Command command)
    {
        foreach (var option in new Option[] { Dataset, Backbone, FoldsFrom, Policy, Epochs, Patience, Lr, BlockLrFactor, Batch, Augment, Seed })
            command.Options.Add(option);
        return command;
    }

    public BackboneDefinition BackboneOf(ParseResult parse) => BackboneRegistry.Get(parse.GetValue(Backbone)!);

    public TrainingRecipe Recipe(ParseResult parse) => new()
    {
        MaxEpochs = parse.GetValue(Epochs), Patience = parse.GetValue(Patience), LearningRate = parse.GetValue(Lr),
        BlockLrFactor = parse.GetValue(BlockLrFactor), BatchSize = parse.GetValue(Batch), Augmentation = new Augmentation { Flip = parse.GetValue(Augment) },
        Seed = parse.GetValue(Seed), Threads = Environment.ProcessorCount, WeightDecay = 1e-4,
    };

    /// <summary>The command line as given (without the command's name), for the result file.</summary>
    public static IEnumerable<string> Arguments(ParseResult parse) =>
        parse.Tokens.Where(t => t.Type != System.CommandLine.Parsing.TokenType.Command).Select(t => t.Value);
}
