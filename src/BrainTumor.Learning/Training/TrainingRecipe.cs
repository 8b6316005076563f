using BrainTumor.Learning.Backbones;
using TorchSharp;

namespace BrainTumor.Learning.Training;

/// <summary>The optimizer of a recipe: SGD with momentum (Swati et al. 2019) or AdamW.</summary>
public enum OptimizerKind
{
    Sgd,
    AdamW,
}

/// <summary>How the learning rate moves within a stage.</summary>
public enum LearningRateSchedule
{
    /// <summary>The same rate every step.</summary>
    Constant,

    /// <summary>Linear warm-up over <see cref="TrainingRecipe.WarmupEpochs"/>, then a half cosine down to zero at the stage's last possible step (SGDR without restarts).</summary>
    Cosine,
}

/// <summary>
/// Everything that varies between training runs of <see cref="StageTrainer"/>, as one named record
/// (nnU-Net's plans: one trainer, small named variations). docs/TRAINING.md gives the reasoning.
/// </summary>
/// <summary>
/// The precision convolutions and linear layers compute in (<see cref="Runtime.Autocast"/>); the
/// weights, the optimizer, the loss and the outputs stay float32 in both.
/// </summary>
public enum ComputePrecision
{
    Float32,
    BFloat16,
}

public sealed record TrainingRecipe
{
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Sgd;

    /// <summary>The head's learning rate; the deepest trainable block gets <see cref="LearningRate"/> x <see cref="BlockLrFactor"/>, each shallower one another factor.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Discriminative rates (fastai): block at distance d below the head trains at lr x factor^d. 1 gives every block the same rate.</summary>
    public double BlockLrFactor { get; init; } = 0.1;

    /// <summary>SGD's momentum (ignored by AdamW).</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Nesterov momentum for SGD.</summary>
    public bool Nesterov { get; init; }

    /// <summary>L2 weight decay, applied to weights of two or more dimensions only (not to biases or normalisation scales, as in the usual ImageNet recipes).</summary>
    public double WeightDecay { get; init; }

    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Constant;

    /// <summary>Epochs of linear warm-up at the start of each stage (<see cref="LearningRateSchedule.Cosine"/> only).</summary>
    public int WarmupEpochs { get; init; }

    /// <summary>Largest gradient norm per step (0: no clipping).</summary>
    public double GradientClip { get; init; }

    /// <summary>Weigh each class's loss by the inverse of its share of the training slices (so the rarer meningioma counts as much as glioma).</summary>
    public bool BalancedLoss { get; init; }

    public int MaxEpochs { get; init; } = 10;

    /// <summary>Stop after this many epochs in a row without a better validation metric.</summary>
    public int Patience { get; init; } = 3;

    public int BatchSize { get; init; } = 16;

    public int Seed { get; init; } = 42;

    /// <summary>Random changes to training images. With any, the frozen prefix sees a different image each epoch, so the activation cache is bypassed.</summary>
    public Augmentation Augmentation { get; init; } = Augmentation.None;

    /// <summary>
    /// With augmentation, this many augmented views of each training slice go through the frozen
    /// prefix once per stage (float16, in the cache's budgets) and each epoch trains on one of them;
    /// 0 runs the whole network on freshly changed slices every epoch.
    /// </summary>
    public int AugmentedViews { get; init; }

    /// <summary>Test-time augmentation: each test slice's probabilities averaged with its mirror image's.</summary>
    public bool TestTimeFlips { get; init; }

    /// <summary>Label smoothing of the cross-entropy loss (0: one-hot targets).</summary>
    public double LabelSmoothing { get; init; }

    /// <summary>BatchNorm of unfrozen blocks (networks with BatchNorm only).</summary>
    public UnfrozenBatchNorm BatchNorm { get; init; } = UnfrozenBatchNorm.FixedStatistics;

    /// <summary>What convolutions and linear layers compute in; the caller picks BFloat16 only for a device that has it (<see cref="Runtime.TorchRuntime.BFloat16Support"/>).</summary>
    public ComputePrecision Precision { get; init; } = ComputePrecision.Float32;

    /// <summary>The low-precision type of <see cref="Precision"/> for an <see cref="Runtime.Autocast"/> scope, or null.</summary>
    public torch.ScalarType? LowPrecision => Precision == ComputePrecision.BFloat16 ? torch.ScalarType.BFloat16 : null;

    /// <summary>libtorch's CPU threads; null for one per core.</summary>
    public int? Threads { get; init; }

    public ActivationCacheOptions Cache { get; init; } = new();

    /// <summary>Checks the values; throws naming the first impossible one.</summary>
    public TrainingRecipe Validated()
    {
        static void Require(bool ok, string what)
        {
            if (!ok)
                throw new ArgumentOutOfRangeException(what, $"training recipe: impossible {what}");
        }
        Require(LearningRate > 0 && double.IsFinite(LearningRate), nameof(LearningRate));
        Require(BlockLrFactor > 0 && BlockLrFactor <= 1, nameof(BlockLrFactor));
        Require(Momentum is >= 0 and < 1, nameof(Momentum));
        Require(WeightDecay >= 0, nameof(WeightDecay));
        Require(MaxEpochs >= 1, nameof(MaxEpochs));
        Require(Patience >= 1, nameof(Patience));
        Require(BatchSize >= 2, nameof(BatchSize));
        Require(LabelSmoothing is >= 0 and < 1, nameof(LabelSmoothing));
        Require(WarmupEpochs >= 0, nameof(WarmupEpochs));
        Require(AugmentedViews is >= 0 and <= 64, nameof(AugmentedViews));
        Require(GradientClip >= 0 && double.IsFinite(GradientClip), nameof(GradientClip));
        Require(Augmentation.Problem() is null, nameof(Augmentation));
        Require(Threads is null or >= 1, nameof(Threads));
        return this;
    }
}

/// <summary>Where the frozen prefix's output is cached: memory up to <see cref="MemoryBudgetBytes"/>, else disk up to <see cref="DiskBudgetBytes"/>, else not at all.</summary>
public sealed record ActivationCacheOptions
{
    public bool Enabled { get; init; } = true;

    public long MemoryBudgetBytes { get; init; } = 4L << 30;

    public long DiskBudgetBytes { get; init; } = 16L << 30;

    /// <summary>Folder of the disk tier (a temporary folder by default); its files are deleted when the stage ends.</summary>
    public string? DiskFolder { get; init; }

    public CachePrecision Precision { get; init; } = CachePrecision.Auto;
}

/// <summary>Auto: float32 (exact) when it fits the memory budget, else float16.</summary>
public enum CachePrecision
{
    Auto,
    Float32,
    Float16,
}
