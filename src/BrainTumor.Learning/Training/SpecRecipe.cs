using BrainTumor.Learning.Backbones;
using BrainTumor.Protocol.Specs;

namespace BrainTumor.Learning.Training;

/// <summary>The stage trainer's recipe for an experiment spec: the spec names the knobs operators change; the rest keeps the recipe's defaults.</summary>
public static class SpecRecipe
{
    /// <summary>
    /// The recipe of <paramref name="spec"/>; <paramref name="lowPrecisionAvailable"/> says whether
    /// the device computes bfloat16 natively (spec precision bf16 runs in float32 where it does not).
    /// </summary>
    public static TrainingRecipe For(ExperimentSpec spec, int? threads, bool lowPrecisionAvailable = false) => new()
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
        Precision = spec.Precision == "bf16" && lowPrecisionAvailable ? ComputePrecision.BFloat16 : ComputePrecision.Float32,
        Threads = threads,
    };
}
