using BrainTumor.Protocol.Specs;

namespace BrainTumor.Learning.Training;

/// <summary>The stage trainer's recipe for an experiment spec: the spec names the knobs operators change; the rest keeps the recipe's defaults.</summary>
public static class SpecRecipe
{
    public static TrainingRecipe For(ExperimentSpec spec, int? threads) => new()
    {
        MaxEpochs = spec.Epochs,
        Patience = spec.Patience,
        BatchSize = spec.BatchSize,
        LearningRate = spec.LearningRate,
        Seed = spec.Seed,
        Augment = spec.Augment,
        LabelSmoothing = spec.LabelSmoothing,
        Threads = threads,
    };
}
