using BrainTumor.Learning.Backbones;
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
        Augmentation = new Augmentation
        {
            Flip = spec.Augment, RotateDegrees = spec.Rotate, Scale = spec.Scale, Translate = spec.Translate, Intensity = spec.Intensity, Noise = spec.Noise,
        },
        AugmentedViews = spec.AugmentedViews,
        Optimizer = spec.Optimizer == "adamw" ? OptimizerKind.AdamW : OptimizerKind.Sgd,
        Nesterov = spec.Nesterov,
        WeightDecay = spec.WeightDecay,
        BlockLrFactor = spec.BlockLrFactor,
        Schedule = spec.Schedule == "cosine" ? LearningRateSchedule.Cosine : LearningRateSchedule.Constant,
        WarmupEpochs = spec.WarmupEpochs,
        GradientClip = spec.GradientClip,
        TestTimeFlips = spec.Tta == "flip",
        BalancedLoss = spec.BalancedLoss,
        BatchNorm = spec.BatchNorm == "updated" ? UnfrozenBatchNorm.BatchStatistics : UnfrozenBatchNorm.FixedStatistics,
        LabelSmoothing = spec.LabelSmoothing,
        Threads = threads,
    };
}
