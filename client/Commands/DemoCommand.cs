using BrainTumor.Learning.Runtime;
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
    /// <summary>The demo's experiment: <paramref name="recipe"/> (the <c>demo</c> recipe unless another is named) on <paramref name="dataset"/>.</summary>
    public static ExperimentSpec Spec(string dataset, NamedRecipe recipe) => recipe.ApplyTo(ExperimentSpec.For(Path.GetFullPath(dataset)));

    public static Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = "Dataset folder.", DefaultValueFactory = _ => Path.Combine("data", "sample") };
        var id = new Option<string?>("--id") { Description = "Experiment id (default: demo and UTC time)." };
        var recipe = new Option<string>("--recipe")
        {
            Description = "The recipe to run (`braintumor recipes` lists them).",
            DefaultValueFactory = _ => NamedRecipes.Demo.Name,
        };
        recipe.Validators.Add(r =>
        {
            try
            {
                NamedRecipes.Get(r.GetValueOrDefault<string>()!, "--recipe");
            }
            catch (ArgumentException e)
            {
                r.AddError(e.Message);
            }
        });
        var json = new Option<bool>("--json") { Description = "Print only the finished experiment as JSON (its folds, stages, decisions and test results), no progress." };
        var command = new Command("demo", "Run the demo: resnet18-imagenet fine-tuned block by block on the real sample, 5 patient-disjoint folds, adaptive supervisor; prints progress, the result table and the report's path.") { dataset, id, recipe, json };
        command.SetAction(parse => CliAsync.Train(async session =>
        {
            var spec = Spec(parse.GetValue(dataset)!, NamedRecipes.Find(parse.GetValue(recipe)!)!);
            var name = parse.GetValue(id) ?? string.Create(CultureInfo.InvariantCulture, $"demo-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
            var experiment = session.Grains.GetGrain<IExperimentGrain>(name);
            var info = await experiment.Start(spec);
            if (parse.GetValue(json))
                return await ExperimentCommands.FollowToEnd(session, experiment, json: true);
            Console.WriteLine($"demo: experiment {info.Id}, {spec.Backbone} on {spec.Dataset}, {info.Folds.Count} folds ({spec.FoldsFrom}), policy {spec.Policy}, recipe {spec.Recipe}; huge pages: {LibTorchHugePages.Describe()}");
            return await ExperimentCommands.FollowToEnd(session, experiment, json: false);
        }));
        return command;
    }
}
