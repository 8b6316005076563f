using TorchSharp;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Backbones.ResNetOnnx;

/// <summary>The stem: relu(bn(conv(x))) then max pool; state-dict names <c>conv.*</c>, <c>bn.*</c>.</summary>
public sealed class ResNetStem : nn.Module<Tensor, Tensor>
{
    private readonly PaddedConv2d conv;
    private readonly FreezableBatchNorm2d bn;
    private readonly PoolSpec _maxPool;

    public ResNetStem(StemSpec spec) : base(nameof(ResNetStem))
    {
        conv = new PaddedConv2d(spec.Conv);
        bn = new FreezableBatchNorm2d(spec.Norm);
        _maxPool = spec.MaxPool;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var convolved = conv.call(input);
        using var normalised = bn.call(convolved);
        using var activated = nn.functional.relu(normalised);
        return PaddedPooling.MaxPool(activated, _maxPool);
    }
}
