using BrainTumor.Learning.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Backbones.ResNetOnnx;

/// <summary>
/// A trainable TorchSharp ResNet built from an ONNX graph's structure and weights, with a new
/// linear head. State-dict names: <c>stem.conv</c>, <c>stem.bn</c>, <c>layer{s}.{u}.conv1</c> ...
/// <c>layer{s}.{u}.shortcut.conv</c>, <c>head</c>. Blocks for fine-tuning: stem, layer1 ... layerN,
/// head (<see cref="BlockMap"/>).
/// </summary>
public sealed class OnnxResNet : nn.Module<Tensor, Tensor>, IBlockwiseNetwork
{
    private readonly ResNetStem _stem;
    private readonly List<ModuleList<ResidualUnit>> _stages = [];
    private readonly Linear _head;
    private readonly PoolSpec _pool;
    private readonly long[] _inputSize;

    public OnnxResNet(ResNetTopology topology, int classes) : base(nameof(OnnxResNet))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        _inputSize = topology.InputShape[2..];
        _pool = topology.AveragePool;
        // Registered one by one (not by RegisterComponents) so the state dict lists the blocks in
        // network order and the stages get their conventional names.
        _stem = new ResNetStem(topology.Stem);
        register_module("stem", _stem);
        for (var s = 0; s < topology.Stages.Count; s++)
        {
            var stage = new ModuleList<ResidualUnit>(topology.Stages[s].Select(u => new ResidualUnit(u)).ToArray());
            _stages.Add(stage);
            register_module($"layer{s + 1}", stage);
        }
        FeatureChannels = topology.FeatureChannels;
        Classes = classes;
        _head = nn.Linear(FeatureChannels, classes);
        register_module("head", _head);
        Blocks = BlocksFor(_stages.Count);
        UnitsPerStage = _stages.Select(s => s.Count).ToList();
        SetTrainableBlocks(0);
    }

    /// <summary>stem, layer1 ... layerN (shallow to deep), head.</summary>
    public BlockMap Blocks { get; }

    /// <summary>The block map of a ResNet with <paramref name="stages"/> residual stages.</summary>
    public static BlockMap BlocksFor(int stages) => new(
        [
            new ModelBlock("stem", ["stem"]),
            .. Enumerable.Range(1, stages).Select(s => new ModelBlock($"layer{s}", [$"layer{s}"])),
            new ModelBlock("head", ["head"]),
        ],
        outputLayer: "head");

    public IReadOnlyList<int> UnitsPerStage { get; }

    /// <summary>Width of the pooled features the head reads (512 for ResNet18).</summary>
    public long FeatureChannels { get; }

    /// <summary>Outputs of the head.</summary>
    public int Classes { get; }

    /// <summary>
    /// Makes this network what the constructor would build now, in place: the graph's weights and
    /// statistics back in every layer, a new head drawn from libtorch's current RNG state, the head
    /// alone trainable. Exact because only the head draws random numbers when the network is built;
    /// the body's values go straight into the tensors it has, so no new memory is touched for them.
    /// </summary>
    public void Restart()
    {
        foreach (var (_, module) in named_modules())
            switch (module)
            {
                case PaddedConv2d convolution:
                    convolution.Restore();
                    break;
                case FreezableBatchNorm2d norm:
                    norm.Restore();
                    break;
            }
        using (var head = nn.Linear(FeatureChannels, Classes))
        using (no_grad())
        {
            _head.weight!.copy_(head.weight!);
            _head.bias!.copy_(head.bias!);
        }
        SetTrainableBlocks(0);
    }

    /// <summary>The input height and width the graph was made for; the final pool covers exactly its last map.</summary>
    public IReadOnlyList<long> InputSize => _inputSize;

    /// <summary>Which blocks train now (set by <see cref="SetTrainableBlocks"/>).</summary>
    public IReadOnlyList<ModelBlock> TrainableBlocks { get; private set; } = [];

    /// <summary>
    /// Makes the head and the <paramref name="deepest"/> deepest feature blocks trainable and
    /// freezes the rest. Frozen blocks get <c>requires_grad = false</c> and BatchNorm layers that
    /// keep their running statistics fixed whatever the train/eval mode, so a train-mode forward
    /// never changes them. The BatchNorm layers of trainable blocks do what
    /// <paramref name="unfrozenBatchNorm"/> says; by default they too keep the ImageNet statistics
    /// and only learn their scale and shift (see <see cref="UnfrozenBatchNorm"/> for why).
    /// A new model trains the head only (stage 0).
    /// </summary>
    public void SetTrainableBlocks(int deepest, UnfrozenBatchNorm unfrozenBatchNorm = UnfrozenBatchNorm.FixedStatistics)
    {
        var trainable = Blocks.TrainedAt(deepest);
        bool IsTrainable(string name) => trainable.Contains(Blocks.BlockOf(name));
        foreach (var (name, parameter) in named_parameters())
            parameter.requires_grad = IsTrainable(name);
        foreach (var (name, module) in named_modules())
            if (module is FreezableBatchNorm2d norm)
                norm.FixedStatistics = !IsTrainable(name) || unfrozenBatchNorm == UnfrozenBatchNorm.FixedStatistics;
        TrainableBlocks = trainable;
    }

    /// <summary>Everything before the head: [B, 3, H, W] to pooled, flattened features [B, FeatureChannels].</summary>
    public Tensor Features(Tensor input)
    {
        if (input.dim() != 4 || input.shape[2] != _inputSize[0] || input.shape[3] != _inputSize[1])
            throw new ArgumentException(
                $"expected input [B, 3, {_inputSize[0]}, {_inputSize[1]}] (the size the ONNX graph was made for), got [{string.Join(", ", input.shape)}]",
                nameof(input));
        using var scope = NewDisposeScope();
        var x = _stem.call(input);
        foreach (var stage in _stages)
            foreach (var unit in stage)
                x = unit.call(x);
        return Autocast.Output(PaddedPooling.AveragePool(x, _pool).flatten(1)).MoveToOuterDisposeScope();
    }

    /// <summary>Blocks [from, to): 0 the stem, 1..N the residual stages, N + 1 the head (average pool, flatten, linear).</summary>
    public Tensor ForwardBlocks(Tensor input, int from, int to)
    {
        var count = Blocks.Blocks.Count;
        if (from < 0 || to > count || from >= to)
            throw new ArgumentOutOfRangeException(nameof(from), $"expected 0 <= from < to <= {count}, got [{from}, {to})");
        if (from == 0 && to == count)
            return forward(input);
        using var scope = NewDisposeScope();
        var x = input;
        if (from == 0)
            x = _stem.call(x);
        for (var s = Math.Max(from, 1); s < Math.Min(to, count - 1); s++)
            foreach (var unit in _stages[s - 1])
                x = unit.call(x);
        if (to == count)
            x = Head(PaddedPooling.AveragePool(x, _pool).flatten(1));
        return (ReferenceEquals(x, input) ? x.alias() : Autocast.Output(x)).MoveToOuterDisposeScope();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return Autocast.Output(Head(Features(input))).MoveToOuterDisposeScope();
    }

    // The head as its Linear module computes it, through Autocast so that a low-precision scope covers it too.
    private Tensor Head(Tensor features) => Autocast.Linear(features, _head.weight!, _head.bias);
}
