namespace BrainTumor.Protocol.Specs;

/// <summary>
/// The recipes <c>--recipe</c> takes and <c>braintumor recipes</c> lists. Their values were chosen on
/// validation accuracy only (docs/TRAINING.md, "Recipes", gives each choice with its measurement).
/// </summary>
public static class NamedRecipes
{
    private static (SpecField, string) V(SpecField field, string text) => (field, text);

    /// <summary>The README demo: the real sample's 5 folds in minutes on two cores.</summary>
    public static NamedRecipe Demo { get; } = new("demo",
        "The README demo: resnet18-imagenet, the head then the deepest block, up to 10 epochs each (early stopping after 3 without a better validation accuracy); minutes on two cores.",
        [
            V(ExperimentSpecFields.Backbone, "resnet18-imagenet"), V(ExperimentSpecFields.FoldsFrom, "cheng_fold"),
            V(ExperimentSpecFields.Policy, "adaptive:max_depth=1"), V(ExperimentSpecFields.Epochs, "10"), V(ExperimentSpecFields.Patience, "3"),
            V(ExperimentSpecFields.BatchSize, "32"), V(ExperimentSpecFields.LearningRate, "0.01"),
        ]);

    public static IReadOnlyList<NamedRecipe> All { get; } = [Demo];

    public static NamedRecipe? Find(string name) => All.FirstOrDefault(r => r.Name == name);

    /// <summary>The recipe named <paramref name="name"/>, or an <see cref="ArgumentException"/> naming <paramref name="source"/> (a flag) and the recipes there are.</summary>
    public static NamedRecipe Get(string name, string source) =>
        Find(name) ?? throw new ArgumentException($"{source} '{name}': not a recipe; expected one of {string.Join(", ", All.Select(r => r.Name))}");
}
