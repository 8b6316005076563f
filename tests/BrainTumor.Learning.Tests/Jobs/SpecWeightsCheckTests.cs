using BrainTumor.Learning.Jobs;
using BrainTumor.Learning.Tests.Support;
using BrainTumor.Protocol.Specs;
using BrainTumor.Testing;

namespace BrainTumor.Learning.Tests.Jobs;

/// <summary>The check of a spec's weights file before an experiment starts: a file that fits passes, one that does not is refused naming it.</summary>
public sealed class SpecWeightsCheckTests
{
    private static readonly ExperimentSpec Spec = new() { Dataset = "data/sample", Backbone = "vgg19", WidthDivisor = 8 };

    [Fact]
    public void A_weights_file_of_the_backbone_passes_and_a_spec_without_one_has_nothing_to_check()
    {
        SpecWeightsCheck.Run(Spec with { Weights = Vgg19Fixture.ZipFile });
        SpecWeightsCheck.Run(Spec);
    }

    [Fact]
    public void A_file_that_is_no_weights_file_is_refused_naming_the_file_and_the_backbone()
    {
        var garbage = Path.Combine(TestPaths.NewTempDirectory("spec-weights"), "garbage.pth");
        File.WriteAllBytes(garbage, [1, 2, 3, 4, 5, 6, 7, 8]);

        var error = Assert.Throws<ArgumentException>(() => SpecWeightsCheck.Run(Spec with { Weights = garbage }));

        Assert.StartsWith($"weights {garbage}: unreadable for vgg19: ", error.Message);
    }
}
