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
        "The README demo: resnet18-imagenet, the head then the deepest block, up to 10 epochs each (early stopping after 3 without a better validation accuracy), bfloat16 compute where the CPU has it; minutes on two cores.",
        [
            V(ExperimentSpecFields.Backbone, "resnet18-imagenet"), V(ExperimentSpecFields.FoldsFrom, "cheng_fold"),
            V(ExperimentSpecFields.Policy, "adaptive:max_depth=1"), V(ExperimentSpecFields.Epochs, "10"), V(ExperimentSpecFields.Patience, "3"),
            V(ExperimentSpecFields.BatchSize, "32"), V(ExperimentSpecFields.LearningRate, "0.01"), V(ExperimentSpecFields.Precision, "bf16"),
        ]);

    /// <summary>
    /// Swati et al. (2019) as far as the paper states its settings: ImageNet-pretrained VGG19, a new
    /// 3-class head, block-wise fine-tuning that goes deeper while validation gains (down to every
    /// block), 5 folds, 224x224 inputs, SGD with momentum. Epochs, batch, learning rate and early
    /// stopping are not stated there and keep the spec's defaults.
    /// </summary>
    public static NamedRecipe Swati2019 { get; } = new("swati2019",
        "Swati et al. (2019) as far as the paper states it: ImageNet-pretrained vgg19 (its weights file must be in the weights folder), block-wise fine-tuning deeper while validation gains, down to every block, 5 folds, 224x224, SGD with momentum; the settings the paper does not state keep their defaults.",
        [
            V(ExperimentSpecFields.Backbone, "vgg19"), V(ExperimentSpecFields.Folds, "5"), V(ExperimentSpecFields.InputSize, "224"),
            V(ExperimentSpecFields.Policy, "adaptive:max_depth=5"), V(ExperimentSpecFields.Optimizer, "sgd"),
        ]);

    /// <summary>The best accuracy that fits two CPU cores: the three-fold development protocol within two hours (docs/TRAINING.md, "Recipes").</summary>
    public static NamedRecipe Cpu { get; } = new("cpu",
        "Best accuracy on two CPU cores: resnet18-imagenet, block-wise down to layer3 while validation gains by 0.5 points, up to 10 epochs per stage (early stopping after 3), each block below the head at 0.3 of the rate above it, weight decay 1e-4, then the kept stages refitted on training plus validation.",
        [
            V(ExperimentSpecFields.Backbone, "resnet18-imagenet"), V(ExperimentSpecFields.FoldsFrom, "cheng_fold"),
            V(ExperimentSpecFields.Policy, "adaptive:threshold=0.005,patience=1,max_depth=2"), V(ExperimentSpecFields.Epochs, "10"), V(ExperimentSpecFields.Patience, "3"),
            V(ExperimentSpecFields.BatchSize, "32"), V(ExperimentSpecFields.LearningRate, "0.01"), V(ExperimentSpecFields.BlockLrFactor, "0.3"),
            V(ExperimentSpecFields.WeightDecay, "0.0001"), V(ExperimentSpecFields.Refit, "true"),
        ]);

    public static IReadOnlyList<NamedRecipe> All { get; } = [Demo, Swati2019, Cpu];

    public static NamedRecipe? Find(string name) => All.FirstOrDefault(r => r.Name == name);

    /// <summary>The recipe named <paramref name="name"/>, or an <see cref="ArgumentException"/> naming <paramref name="source"/> (a flag) and the recipes there are.</summary>
    public static NamedRecipe Get(string name, string source) =>
        Find(name) ?? throw new ArgumentException($"{source} '{name}': not a recipe; expected one of {string.Join(", ", All.Select(r => r.Name))}");
}
