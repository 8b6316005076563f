namespace BrainTumor.Learning.Training;

/// <summary>
/// A fixed set of <see cref="Count"/> augmented views of every training slice: view j of slice p is
/// drawn from its own seed (the experiment's seed, p and j), so the views are the same in every
/// stage and fold that asks for them, and a cache of the frozen prefix's output over them
/// (<see cref="ActivationCache.BuildViews"/>) is what recomputing those views would give. Each
/// epoch then trains every slice on one of its views, drawn from the epoch's seed.
/// </summary>
internal sealed class AugmentedViews(Augmentation augmentation, int count, int seed)
{
    public int Count { get; } = count > 0 ? count : throw new ArgumentOutOfRangeException(nameof(count), count, "expected at least one view");

    /// <summary>The cache row key of view <paramref name="view"/> of slice <paramref name="slice"/>.</summary>
    public int Key(int slice, int view) => checked(slice * Count + view);

    public int Slice(int key) => key / Count;

    /// <summary>The changes of the view a key names: flips first, then the rest, as a training epoch draws them.</summary>
    public AugmentationDraw Draw(int key)
    {
        // A fixed mix (HashCode.Combine is randomised per process): the same views in every run.
        var random = new Random(unchecked(seed * 1_000_003 + Slice(key) * 7_919 + key % Count * 104_729 + 0x5eed));
        // Flips alone: the views alternate plain and mirrored, so every slice has both from two views
        // on (random flips would leave a quarter of the slices with two plain views at V = 2).
        var flip = augmentation.Flip && (augmentation.BeyondFlips ? random.NextDouble() < 0.5 : key % Count % 2 == 1);
        var rest = augmentation.BeyondFlips ? augmentation.Draw(random, 1)[0] : AugmentationDraw.Identity;
        return rest with { Flip = flip };
    }
}
