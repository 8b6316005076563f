using BrainTumor.Protocol.Ladder;

namespace BrainTumor.Learning.Backbones;

/// <summary>
/// One unit of block-wise fine-tuning: the modules (state-dict prefixes such as <c>features.10</c>)
/// that are frozen or trained together.
/// </summary>
public sealed record ModelBlock(string Name, IReadOnlyList<string> Prefixes)
{
    /// <summary>Whether a parameter or buffer name (<c>features.10.weight</c>) belongs to this block.
    /// Prefixes match whole module paths: <c>features.1</c> covers <c>features.1.weight</c>, not <c>features.10.weight</c>.</summary>
    public bool Covers(string name) =>
        Prefixes.Any(prefix => name.Length > prefix.Length && name.StartsWith(prefix, StringComparison.Ordinal) && name[prefix.Length] == '.');
}

/// <summary>
/// A backbone's blocks as data, in order from input to output; the last block is the head
/// (the classifier), whose last layer (<see cref="OutputLayer"/>) is the one replaced for a new
/// number of classes. Swati et al. (2019) fine-tune block-wise: stage 0 trains the head only,
/// stage k also the k deepest blocks before it. The same shape serves VGG (block1..block5, head)
/// and ResNet (stem, layer1..layer4, head).
/// </summary>
public sealed record BlockMap
{
    public BlockMap(IReadOnlyList<ModelBlock> blocks, string outputLayer)
    {
        if (blocks.Count < 2)
            throw new ArgumentException("a block map needs at least one block before the head", nameof(blocks));
        var duplicate = blocks.GroupBy(b => b.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"block '{duplicate.Key}' appears twice", nameof(blocks));
        if (!blocks[^1].Covers(outputLayer + ".weight"))
            throw new ArgumentException($"output layer '{outputLayer}' is not inside the head block '{blocks[^1].Name}'", nameof(outputLayer));
        Blocks = blocks;
        OutputLayer = outputLayer;
    }

    /// <summary>Every block, input to output; the last is the head.</summary>
    public IReadOnlyList<ModelBlock> Blocks { get; }

    /// <summary>Module path of the last layer, sized by the number of classes (<c>classifier.6</c>, <c>fc</c>).</summary>
    public string OutputLayer { get; }

    public ModelBlock Head => Blocks[^1];

    /// <summary>How many blocks precede the head: the deepest stage of the fine-tuning ladder.</summary>
    public int BodyBlockCount => Blocks.Count - 1;

    /// <summary>The block that holds a parameter or buffer.</summary>
    public ModelBlock BlockOf(string name) =>
        Blocks.FirstOrDefault(b => b.Covers(name))
        ?? throw new ArgumentException($"'{name}' belongs to no block of this map ({string.Join(", ", Blocks.Select(b => b.Name))})", nameof(name));

    /// <summary>The index of the first block stage <paramref name="depth"/> trains (<see cref="StageBlocks"/>).</summary>
    public int FirstTrainableBlock(int depth) => StageBlocks.FirstTrainable(BodyBlockCount, depth);

    /// <summary>The blocks a fine-tuning stage trains: the head and the <paramref name="depth"/>
    /// blocks just before it (stage 0: the head only).</summary>
    public IReadOnlyList<ModelBlock> TrainedAt(int depth) => Blocks.Skip(FirstTrainableBlock(depth)).ToList();

    /// <summary>Whether a parameter belongs to the output layer (replaced for a new number of classes).</summary>
    public bool IsOutputLayer(string name) => new ModelBlock("output", [OutputLayer]).Covers(name);

    /// <summary>Checks that every name (a model's state-dict keys) falls in exactly one block and
    /// that every block holds at least one; returns the problems, empty when the map fits.</summary>
    public IReadOnlyList<string> Check(IEnumerable<string> names)
    {
        var problems = new List<string>();
        var used = new HashSet<string>();
        foreach (var name in names)
        {
            var owners = Blocks.Where(b => b.Covers(name)).Select(b => b.Name).ToList();
            if (owners.Count != 1)
                problems.Add(owners.Count == 0 ? $"{name}: in no block" : $"{name}: in blocks {string.Join(", ", owners)}");
            used.UnionWith(owners);
        }
        problems.AddRange(Blocks.Where(b => !used.Contains(b.Name)).Select(b => $"{b.Name}: a block that holds no parameter"));
        return problems;
    }
}
