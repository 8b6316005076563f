using System.CommandLine;
using System.Globalization;
using BrainTumor.Contracts;
using BrainTumor.Protocol.Specs;

namespace BrainTumor.Client.Commands;

/// <summary>
/// <c>demo</c>: the whole protocol on the shipped real sample (data/sample, 300 CE-MRI slices, the
/// 5 patient-disjoint folds of its cheng_fold column) with the ImageNet ResNet18 and the adaptive
/// supervisor, sized to end in minutes on two cores (docs/BENCHMARKS.md has the measured time).
/// </summary>
internal static class DemoCommand
{
    /// <summary>The demo's experiment: few epochs per stage, the head and then at most the deepest block (so it ends in minutes on two cores).</summary>
    public static ExperimentSpec Spec(string dataset) => new()
    {
        Dataset = Path.GetFullPath(dataset),
        Backbone = "resnet18-imagenet",
        FoldsFrom = "cheng_fold",
        Policy = "adaptive:max_depth=1",
        Epochs = 3,
        Patience = 2,
        BatchSize = 32,
        LearningRate = 0.01,
    };

    public static Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = "Dataset folder.", DefaultValueFactory = _ => Path.Combine("data", "sample") };
        var id = new Option<string?>("--id") { Description = "Experiment id (default: demo and UTC time)." };
        var command = new Command("demo", "Run the demo: resnet18-imagenet fine-tuned block by block on the real sample, 5 patient-disjoint folds, adaptive supervisor; prints progress, the result table and the report's path.") { dataset, id };
        command.SetAction((parse, cancel) => CliAsync.Run(async session =>
        {
            var spec = Spec(parse.GetValue(dataset)!);
            var name = parse.GetValue(id) ?? string.Create(CultureInfo.InvariantCulture, $"demo-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
            var experiment = session.Grains.GetGrain<IExperimentGrain>(name);
            var info = await experiment.Start(spec);
            Console.WriteLine($"demo: experiment {info.Id}, {spec.Backbone} on {spec.Dataset}, {info.Folds.Count} folds ({spec.FoldsFrom}), policy {spec.Policy}");
            return await ExperimentCommands.FollowToEnd(experiment, json: false, cancel);
        }));
        return command;
    }
}
