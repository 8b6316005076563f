namespace BrainTumor.Protocol.Ladder;

/// <summary>What a fold does next (<see cref="FoldLadder.Next"/>).</summary>
public abstract record LadderStep
{
    private LadderStep() { }

    /// <summary>Train stage <paramref name="Depth"/>: the head and the <paramref name="Depth"/> deepest blocks, from the previous stage's best weights (from the pretrained backbone and a new head at depth 0).</summary>
    public sealed record TrainStage(int Depth, StageSeeds Seeds) : LadderStep;

    /// <summary>Evaluate the best weights of stage <paramref name="Depth"/>, the chosen depth, once on the fold's test part.</summary>
    public sealed record Test(int Depth) : LadderStep;

    /// <summary>The fold is finished: its chosen depth was tested.</summary>
    public sealed record Done(int ChosenDepth) : LadderStep;
}
