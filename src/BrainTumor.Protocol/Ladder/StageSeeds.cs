namespace BrainTumor.Protocol.Ladder;

/// <summary>
/// The random seeds of one stage, derived from the experiment's seed and the stage's depth, so that
/// every stage of every fold draws the same numbers whichever runner or device trains it, and a
/// resumed stage draws what an uninterrupted one would have.
/// </summary>
public readonly record struct StageSeeds(int Seed, int Depth)
{
    /// <summary>The seed of the stage's random initialisation (the new head at depth 0, dropout).</summary>
    public long Initialisation => Seed + 7919L * Depth;

    /// <summary>The seed of epoch <paramref name="epoch"/>'s batch order and augmentation draws.</summary>
    public int Epoch(int epoch) => unchecked(Seed * 1_000_003 + Depth * 10_007 + epoch);
}
