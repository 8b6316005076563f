using BrainTumor.Learning.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Backbones;

/// <summary>
/// Block-wise running and freezing for torchvision's layout (<c>features</c>, <c>avgpool</c>,
/// <c>classifier</c>): body block b runs <c>features</c> from its first module up to the next
/// block's first (so a block carries the max pools that follow it); the head is
/// avgpool + flatten + classifier. Freezing sets <c>requires_grad</c> by the block map (these
/// networks have no BatchNorm).
/// </summary>
internal sealed class SequentialBlocks
{
    private readonly nn.Module<Tensor, Tensor>[] _layers;
    private readonly int[] _starts;
    private readonly nn.Module<Tensor, Tensor> _avgpool;
    private readonly nn.Module<Tensor, Tensor> _classifier;

    public SequentialBlocks(BlockMap blocks, Sequential features, nn.Module<Tensor, Tensor> avgpool, nn.Module<Tensor, Tensor> classifier)
    {
        Blocks = blocks;
        _layers = features.children().Cast<nn.Module<Tensor, Tensor>>().ToArray();
        _starts = blocks.Blocks.Take(blocks.BodyBlockCount)
            .Select(b => b.Prefixes.Select(p => int.Parse(p["features.".Length..], System.Globalization.CultureInfo.InvariantCulture)).Min())
            .Append(_layers.Length)
            .ToArray();
        if (_starts[0] != 0)
            throw new ArgumentException("the first block must start at features.0", nameof(blocks));
        _avgpool = avgpool;
        _classifier = classifier;
    }

    public BlockMap Blocks { get; }

    public void SetTrainable(nn.Module model, int deepest)
    {
        var trainable = Blocks.TrainedAt(deepest);
        foreach (var (name, parameter) in model.named_parameters())
            parameter.requires_grad = trainable.Contains(Blocks.BlockOf(name));
    }

    public Tensor Forward(Tensor input, int from, int to)
    {
        var count = Blocks.Blocks.Count;
        if (from < 0 || to > count || from >= to)
            throw new ArgumentOutOfRangeException(nameof(from), $"expected 0 <= from < to <= {count}, got [{from}, {to})");
        using var scope = NewDisposeScope();
        var x = input;
        for (var b = from; b < Math.Min(to, Blocks.BodyBlockCount); b++)
            for (var i = _starts[b]; i < _starts[b + 1]; i++)
                x = Call(_layers[i], x);
        if (to == count)
            x = Call(_classifier, _avgpool.call(x).flatten(1));
        return (ReferenceEquals(x, input) ? x.alias() : Autocast.Output(x)).MoveToOuterDisposeScope();
    }

    /// <summary>A layer's output; under a low-precision <see cref="Autocast"/> scope its convolutions and linear layers compute there, from their float32 weights.</summary>
    private static Tensor Call(nn.Module<Tensor, Tensor> layer, Tensor x) => (Autocast.LowPrecision, layer) switch
    {
        (null, _) => layer.call(x),
        (_, Conv2d c) => Autocast.Conv2d(x, c.weight!, c.bias, c.stride,
            c.padding ?? throw new NotSupportedException($"{c.GetName()}: a padding mode, not explicit pads; low precision needs the pads"), c.dilation, c.groups),
        (_, Linear l) => Autocast.Linear(x, l.weight!, l.bias),
        (_, Sequential s) => s.children().Cast<nn.Module<Tensor, Tensor>>().Aggregate(x, (y, child) => Call(child, y)),
        _ => layer.call(x),
    };
}
