using System.CommandLine;
using System.Text.Json;
using BrainTumor.Protocol.Specs;

namespace BrainTumor.Client.Commands;

/// <summary><c>recipes [NAME] [--json]</c>: the named recipes <c>--recipe</c> takes, with every value each one gives the spec.</summary>
internal static class RecipeCommands
{
    public static Command Create()
    {
        var name = new Argument<string?>("name") { Description = "Show only this recipe.", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var command = new Command("recipes", "List the named recipes of `experiment start --recipe` and `demo --recipe`: what each is for and the value it gives every spec field (other fields keep their defaults; a flag given beside --recipe overrides).")
        {
            name, json,
        };
        command.SetAction(parse => CliOutput.Run(() =>
        {
            var recipes = parse.GetValue(name) is { } only
                ? [NamedRecipes.Get(only, "recipe")]
                : NamedRecipes.All;
            if (parse.GetValue(json))
                Console.Out.WriteLine(JsonSerializer.Serialize(recipes.Select(Listing), CliOutput.Json));
            else
                foreach (var recipe in recipes)
                {
                    Console.Out.WriteLine($"{recipe.Name}: {recipe.Description}");
                    var spec = recipe.ApplyTo(ExperimentSpec.For(""));
                    var set = recipe.Values.Select(v => v.Field).ToHashSet();
                    foreach (var field in ExperimentSpecFields.All.Where(f => f != ExperimentSpecFields.Dataset && f != ExperimentSpecFields.Recipe))
                        Console.Out.WriteLine($"  {field.Key,-16} {field.Text(spec) ?? "(none)"}{(set.Contains(field) ? "" : "  (default)")}");
                    Console.Out.WriteLine();
                }
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>The recipe as JSON: its name, description, and the spec it makes (snake_case keys, as spec.json) without the dataset.</summary>
    private static Dictionary<string, object?> Listing(NamedRecipe recipe)
    {
        var spec = recipe.ApplyTo(ExperimentSpec.For(""));
        var values = ExperimentSpecFields.All.Where(f => f != ExperimentSpecFields.Dataset && f != ExperimentSpecFields.Recipe)
            .ToDictionary(f => f.Key, f => (object?)f.Text(spec));
        return new() { ["name"] = recipe.Name, ["description"] = recipe.Description, ["sets"] = recipe.Values.Select(v => v.Field.Key).ToList(), ["values"] = values };
    }
}
