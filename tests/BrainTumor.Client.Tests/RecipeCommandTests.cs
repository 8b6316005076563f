using System.Text.Json;

namespace BrainTumor.Client.Tests;

public class RecipeCommandTests
{
    [Fact]
    public void Recipes_json_lists_each_recipe_with_every_value_it_gives()
    {
        var run = CliRunner.Run("recipes", "--json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        var demo = json.RootElement.EnumerateArray().Single(r => r.GetProperty("name").GetString() == "demo");
        var values = demo.GetProperty("values");
        Assert.Equal("resnet18-imagenet", values.GetProperty("backbone").GetString());
        Assert.Equal("cheng_fold", values.GetProperty("folds_from").GetString());
        Assert.Equal("bf16", values.GetProperty("precision").GetString());
        Assert.Equal("constant", values.GetProperty("schedule").GetString()); // a field the recipe leaves at its default is listed too
        Assert.Contains("epochs", demo.GetProperty("sets").EnumerateArray().Select(k => k.GetString()));
        Assert.False(values.TryGetProperty("dataset", out _));
    }

    [Fact]
    public void An_unknown_recipe_is_refused_naming_it_and_the_known_ones()
    {
        var listing = CliRunner.Run("recipes", "fastest");
        Assert.Equal(3, listing.ExitCode);
        Assert.Contains("recipe 'fastest': not a recipe; expected one of demo", listing.Stderr);

        var start = CliRunner.Run("experiment", "start", "--dataset", "data/sample", "--recipe", "fastest");
        Assert.Equal(2, start.ExitCode);
        Assert.Contains("--recipe 'fastest': not a recipe; expected one of demo", start.Stderr);
        Assert.DoesNotContain("   at ", start.Stderr);

        var demo = CliRunner.Run("demo", "--recipe", "fastest");
        Assert.Equal(2, demo.ExitCode);
        Assert.Contains("--recipe 'fastest': not a recipe; expected one of demo", demo.Stderr + demo.Stdout);
    }
}
