namespace BrainTumor.Learning.Training;

/// <summary>A fold that has no depth to test: its stage 0 failed (<see cref="StageOutcome.Failure"/>), as <see cref="Reason"/> says.</summary>
public sealed class FoldFailedException(int fold, string reason) : Exception($"fold {fold}: {reason}")
{
    public int Fold { get; } = fold;

    public string Reason { get; } = reason;
}
