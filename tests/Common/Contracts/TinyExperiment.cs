using BrainTumor.Contracts;
using BrainTumor.Protocol.Specs;

namespace BrainTumor.Testing;

/// <summary>The quick experiment the platform tests run on the shipped sample (compiled into the test projects that reference the contracts).</summary>
public static class TinyExperiment
{
    /// <summary>VGG19 with widths divided by 8 at 64x64, few slices and epochs.</summary>
    public static ExperimentSpec Spec(string policy = "fixed:1", int epochs = 2, int folds = 2, int maxItems = 60) => new()
    {
        Dataset = TestPaths.Sample,
        Backbone = "vgg19",
        WidthDivisor = 8,
        InputSize = 64,
        Folds = folds,
        MaxItems = maxItems,
        Policy = policy,
        Epochs = epochs,
        Patience = 5,
        BatchSize = 8,
        LearningRate = 0.01,
    };
}
