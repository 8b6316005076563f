namespace BrainTumor.Protocol.Ladder;

/// <summary>What a fold does next (<see cref="FoldLadder.Next"/>).</summary>
public abstract record LadderStep
{
    private LadderStep() { }

    /// <summary>Train stage <paramref name="Depth"/>: the head and the <paramref name="Depth"/> deepest blocks, from the previous stage's best weights (from the pretrained backbone and a new head at depth 0).</summary>
    public sealed record TrainStage(int Depth, StageSeeds Seeds) : LadderStep;

    /// <summary>
    /// Train stage <paramref name="Depth"/> again, on the training and validation parts together, for
    /// <paramref name="Epochs"/> epochs (those its ladder stage took to its best validation accuracy),
    /// keeping the last epoch's weights: from the previous refit stage's weights (from the pretrained
    /// backbone and the same new head at depth 0). Nothing is chosen on validation here any more.
    /// </summary>
    public sealed record RefitStage(int Depth, int Epochs, StageSeeds Seeds) : LadderStep;

    /// <summary>
    /// Evaluate the chosen depth <paramref name="Depth"/> once on the fold's test part: the best weights
    /// of its ladder stage, or, when <paramref name="Refitted"/>, the weights of its refit stage.
    /// </summary>
    public sealed record Test(int Depth, bool Refitted = false) : LadderStep;

    /// <summary>The fold cannot go on: stage 0 failed (<see cref="Supervision.StageResult.Failure"/>), so there is no depth to test.</summary>
    public sealed record Failed(string Reason) : LadderStep;

    /// <summary>The fold is finished: its chosen depth was tested.</summary>
    public sealed record Done(int ChosenDepth) : LadderStep;
}
