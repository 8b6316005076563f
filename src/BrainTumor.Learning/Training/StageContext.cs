using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Training;

/// <summary>The stage a <see cref="IStageHook"/> is called for: where it stands, and what its checkpoint is made of.</summary>
public sealed class StageContext
{
    private readonly nn.Module _model;
    private readonly OptimizerHelper _optimizer;
    private readonly IReadOnlySet<string> _trainable;

    internal StageContext(int depth, nn.Module model, IReadOnlyDictionary<string, Tensor> best, OptimizerHelper optimizer, IReadOnlySet<string> trainable,
        CancellationToken cancellation, StageProgress progress)
    {
        Depth = depth;
        _model = model;
        Best = best;
        _optimizer = optimizer;
        _trainable = trainable;
        Cancellation = cancellation;
        Progress = progress;
    }

    /// <summary>How many of the deepest blocks the stage trains.</summary>
    public int Depth { get; }

    /// <summary>The token the trainer checks before every batch.</summary>
    public CancellationToken Cancellation { get; }

    /// <summary>Epochs finished so far, counting those of an earlier run the stage resumed.</summary>
    public int EpochsDone => Progress.EpochsDone;

    /// <summary>The epoch whose weights are the best so far (0 before the first).</summary>
    public int BestEpoch => Progress.BestEpoch;

    /// <summary>Epochs since validation last improved.</summary>
    public int StaleEpochs => Progress.StaleEpochs;

    internal StageProgress Progress { get; set; }

    /// <summary>The running epoch after its last stepped batch (null before its first): what a cancellation saves.</summary>
    internal InterruptedEpoch? InFlight { get; set; }

    /// <summary>Each optimizer group's rate before the schedule's factor (<see cref="LearningRates"/>).</summary>
    internal IReadOnlyList<double> BaseRates { get; init; } = [];

    /// <summary>The best epoch's values of the trainable blocks.</summary>
    internal IReadOnlyDictionary<string, Tensor> Best { get; }

    /// <summary>Writes the stage as it stands (progress, current and best weights of the trainable blocks, optimizer state) for a rerun to resume from.</summary>
    internal void SaveCheckpoint(string path) => StageCheckpoint.Save(path, Progress, _model, Best, _optimizer, _trainable);
}
