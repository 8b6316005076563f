namespace BrainTumor.Learning.Backbones.ResNetOnnx;

/// <summary>A block of a backbone: its name and the state-dict name prefixes it covers.</summary>
public sealed record BackboneBlock(string Name, IReadOnlyList<string> Prefixes)
{
    public bool Covers(string stateDictName) => Prefixes.Any(stateDictName.StartsWith);
}

/// <summary>
/// A backbone's blocks from the input to the output, the last being the new head: what a stage
/// trainer freezes and unfreezes. Stage k trains the head and the k deepest feature blocks.
/// </summary>
public sealed record BlockMap(IReadOnlyList<BackboneBlock> Blocks)
{
    public BackboneBlock Head => Blocks[^1];

    /// <summary>How many blocks can be unfrozen besides the head (the deepest stage there is).</summary>
    public int FeatureBlockCount => Blocks.Count - 1;

    /// <summary>The head and the <paramref name="deepest"/> deepest feature blocks.</summary>
    public IReadOnlyList<BackboneBlock> Trainable(int deepest)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(deepest);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(deepest, FeatureBlockCount);
        return Blocks.Skip(FeatureBlockCount - deepest).ToList();
    }

    /// <summary>The block a parameter, buffer or module belongs to, by its state-dict name.</summary>
    public BackboneBlock BlockOf(string stateDictName) =>
        Blocks.FirstOrDefault(b => b.Covers(stateDictName))
        ?? throw new ArgumentException($"'{stateDictName}' belongs to no block of {string.Join(", ", Blocks.Select(b => b.Name))}");
}
