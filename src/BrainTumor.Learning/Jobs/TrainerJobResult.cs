using BrainTumor.Protocol.Runs;

namespace BrainTumor.Learning.Jobs;

/// <summary>What a <see cref="TrainerJob"/> that ran to its end produced (one that fails or is cancelled throws).</summary>
public abstract record TrainerJobResult
{
    private TrainerJobResult() { }

    /// <summary>A trained or refitted stage: its outcome as written to its <c>stage-K.json</c> or <c>refit-K.json</c>.</summary>
    public sealed record Trained(StageOutcome Outcome) : TrainerJobResult;

    /// <summary>The test pass of depth <paramref name="Depth"/> over <paramref name="Items"/> slices, written to <c>test.json</c>, in <paramref name="Seconds"/> from the job's start.</summary>
    public sealed record Tested(int Depth, double Accuracy, double Loss, int Items, double Seconds) : TrainerJobResult;
}
