using BrainTumor.Protocol.Ladder;

namespace BrainTumor.Reports.Building;

/// <summary>
/// What the report says about a run's backbone: its name, its own input size (the run's unless the
/// spec sets one) and its blocks' names, input to output, the last being the head. Whoever knows the
/// backbones fills it (the grains, from Learning's registry), so the report needs no networks.
/// </summary>
public sealed record BackboneFacts
{
    public BackboneFacts(string name, int inputSize, IReadOnlyList<string> blocks)
    {
        if (blocks.Count < 2)
            throw new ArgumentException($"backbone {name}: expected at least one block before the head, got [{string.Join(", ", blocks)}]", nameof(blocks));
        Name = name;
        InputSize = inputSize;
        Blocks = blocks;
    }

    public string Name { get; }

    public int InputSize { get; }

    /// <summary>Every block's name, input to output; the last is the head.</summary>
    public IReadOnlyList<string> Blocks { get; }

    /// <summary>How many blocks precede the head: the deepest stage of the ladder.</summary>
    public int BodyBlockCount => Blocks.Count - 1;

    /// <summary>The blocks stage <paramref name="depth"/> trains: the head and the <paramref name="depth"/> blocks just before it.</summary>
    public IReadOnlyList<string> TrainedAt(int depth) => [.. Blocks.Skip(StageBlocks.FirstTrainable(BodyBlockCount, depth))];
}
