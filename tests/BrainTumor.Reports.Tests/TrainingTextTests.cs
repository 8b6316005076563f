using BrainTumor.Protocol.Specs;
using BrainTumor.Reports.Building;

namespace BrainTumor.Reports.Tests;

public class TrainingTextTests
{
    [Fact]
    public void The_recipe_is_named_with_the_fields_given_over_it()
    {
        var demo = NamedRecipes.Demo.ApplyTo(ExperimentSpec.For("d"));
        Assert.Equal("demo", TrainingText.Recipe(demo));
        Assert.Equal("demo, overridden: epochs = 7, tta = flip", TrainingText.Recipe(demo with { Epochs = 7, Tta = "flip" }));
        Assert.Equal("none", TrainingText.Recipe(ExperimentSpec.For("d")));
    }

    [Fact]
    public void Augmentation_is_worded_change_by_change()
    {
        Assert.Equal("none", TrainingText.Augmentation(ExperimentSpec.For("d")));
        Assert.Equal("horizontal flips, rotation up to 15 degrees, zoom x0.9 to x1.1, shifts up to 5% of the side, brightness, contrast and gamma of strength 0.2, Gaussian noise sd 0.01",
            TrainingText.Augmentation(ExperimentSpec.For("d") with { Augment = true, Rotate = 15, Scale = 0.1, Translate = 0.05, Intensity = 0.2, Noise = 0.01 }));
    }
}
