using BrainTumor.Learning.Backbones;
using BrainTumor.Learning.Weights;
using BrainTumor.Testing;

namespace BrainTumor.Learning.Tests.Weights;

public class WeightsChoiceTests
{
    private static readonly BackboneDefinition Vgg19 = BackboneRegistry.Get("vgg19");

    [Fact]
    public void Without_weights_a_run_says_it_starts_from_random_weights_and_is_not_transfer_learning()
    {
        var directory = TestPaths.NewTempDirectory("no-weights");

        var choice = WeightsChoice.For(Vgg19, directory);

        Assert.False(choice.Present);
        Assert.Equal(Path.Combine(directory, "vgg19-dcbb9e9d.pth"), choice.Path);
        var text = choice.Describe();
        Assert.Contains("starts from random weights", text);
        Assert.Contains("NOT transfer learning", text);
        Assert.Contains("torchvision.models.vgg19(weights=\"IMAGENET1K_V1\")", text);
        Assert.Contains("BrainTumor:Weights:Directory", text);
    }

    [Fact]
    public void The_default_file_in_the_weights_folder_is_taken_when_present()
    {
        var directory = TestPaths.NewTempDirectory("weights");
        File.WriteAllText(Path.Combine(directory, "vgg19-dcbb9e9d.pth"), "");

        var choice = WeightsChoice.For(Vgg19, directory);

        Assert.True(choice.Present);
        Assert.False(choice.Named);
        Assert.Contains("pretrained weights in", choice.Describe());
    }

    [Fact]
    public void A_named_file_that_does_not_exist_is_an_error_not_a_silent_random_start()
    {
        var missing = Path.Combine(TestPaths.NewTempDirectory("weights"), "mine.pth");

        var e = Assert.Throws<FileNotFoundException>(() => WeightsChoice.For(Vgg19, "/unused", missing));

        Assert.Contains(missing, e.Message);
    }
}
