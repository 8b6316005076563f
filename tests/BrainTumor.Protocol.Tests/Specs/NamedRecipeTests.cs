using BrainTumor.Protocol.Specs;
using BrainTumor.Protocol.Supervision;

namespace BrainTumor.Protocol.Tests.Specs;

public class NamedRecipeTests
{
    private static (SpecField, string, string) Given(SpecField field, string text) => (field, text, field.Flag);

    [Fact]
    public void A_recipe_sets_its_values_first_and_a_flag_given_beside_it_overrides_one_of_them()
    {
        var spec = SpecBuilder.Build([Given(ExperimentSpecFields.Epochs, "5"), Given(ExperimentSpecFields.Recipe, "demo"), Given(ExperimentSpecFields.Dataset, "data/sample")]);
        Assert.Equal("demo", spec.Recipe);
        Assert.Equal(5, spec.Epochs); // given after the recipe in effect, whatever its place among the values
        Assert.Equal(NamedRecipes.Demo.ApplyTo(ExperimentSpec.For("data/sample")) with { Epochs = 5 }, spec);
        Assert.Equal([ExperimentSpecFields.Epochs], NamedRecipes.Demo.Overridden(spec));
        Assert.Empty(NamedRecipes.Demo.Overridden(NamedRecipes.Demo.ApplyTo(ExperimentSpec.For("x"))));
    }

    [Fact]
    public void Without_a_recipe_the_spec_starts_from_its_defaults()
    {
        var spec = SpecBuilder.Build([Given(ExperimentSpecFields.Dataset, "d"), Given(ExperimentSpecFields.Epochs, "4")]);
        Assert.Equal(ExperimentSpec.For("d") with { Epochs = 4 }, spec);
        Assert.Null(spec.Recipe);
    }

    [Fact]
    public void An_unknown_recipe_is_refused_naming_the_flag_and_the_recipes()
    {
        var error = Assert.Throws<ArgumentException>(() => SpecBuilder.Build([Given(ExperimentSpecFields.Recipe, "fastest")]));
        Assert.Equal($"--recipe 'fastest': not a recipe; expected one of {string.Join(", ", NamedRecipes.All.Select(r => r.Name))}", error.Message);
        var stored = Assert.Throws<ArgumentException>(() => (ExperimentSpec.For("d") with { Recipe = "fastest" }).Validated());
        Assert.Equal("--recipe fastest: expected a recipe name (`braintumor recipes` lists them)", stored.Message);
    }

    [Fact]
    public void Every_recipe_gives_a_valid_spec_and_sets_each_field_once()
    {
        Assert.Equal(NamedRecipes.All.Count, NamedRecipes.All.Select(r => r.Name).Distinct().Count());
        foreach (var recipe in NamedRecipes.All)
        {
            var spec = recipe.ApplyTo(ExperimentSpec.For("d"));
            Assert.Equal(spec, spec.Validated());
            Assert.Equal(recipe.Values.Count, recipe.Values.Select(v => v.Field).Distinct().Count());
            Assert.DoesNotContain(recipe.Values, v => v.Field == ExperimentSpecFields.Dataset || v.Field == ExperimentSpecFields.Recipe);
        }
    }

    [Fact]
    public void The_swati2019_recipe_holds_the_papers_stated_settings_and_cpu_refits_its_ladder()
    {
        var swati = NamedRecipes.Swati2019.ApplyTo(ExperimentSpec.For("d"));
        Assert.Equal(("vgg19", 5, 224, "sgd"), (swati.Backbone, swati.Folds, swati.InputSize, swati.Optimizer));
        Assert.Equal(5, Assert.IsType<AdaptivePolicy>(SupervisorPolicies.Parse(swati.Policy, 5)).MaxDepth);
        var cpu = NamedRecipes.Get("cpu", "--recipe").ApplyTo(ExperimentSpec.For("d"));
        Assert.True(cpu.Refit);
        Assert.Equal(("resnet18-imagenet", "cheng_fold", 0.0001), (cpu.Backbone, cpu.FoldsFrom, cpu.WeightDecay));
    }
}
