using TorchSharp;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Backbones.ResNetOnnx;

/// <summary>
/// A basic residual unit, relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)), where the shortcut
/// is the identity or, where the graph has one, a projection (<c>shortcut.conv</c>, <c>shortcut.bn</c>).
/// </summary>
public sealed class ResidualUnit : nn.Module<Tensor, Tensor>
{
    private readonly PaddedConv2d conv1;
    private readonly FreezableBatchNorm2d bn1;
    private readonly PaddedConv2d conv2;
    private readonly FreezableBatchNorm2d bn2;
    private readonly ProjectionShortcut? shortcut;

    public ResidualUnit(UnitSpec spec) : base(nameof(ResidualUnit))
    {
        conv1 = new PaddedConv2d(spec.Conv1);
        bn1 = new FreezableBatchNorm2d(spec.Norm1);
        conv2 = new PaddedConv2d(spec.Conv2);
        bn2 = new FreezableBatchNorm2d(spec.Norm2);
        shortcut = spec.Projection is null ? null : new ProjectionShortcut(spec.Projection);
        RegisterComponents();
    }

    public bool HasProjection => shortcut is not null;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var main = bn2.call(conv2.call(nn.functional.relu(bn1.call(conv1.call(input)))));
        var identity = shortcut is null ? input : shortcut.call(input);
        return nn.functional.relu(main + identity).MoveToOuterDisposeScope();
    }

    /// <summary>The 1x1 convolution and BatchNorm that reshape x where the unit changes size or width.</summary>
    private sealed class ProjectionShortcut : nn.Module<Tensor, Tensor>
    {
        private readonly PaddedConv2d conv;
        private readonly FreezableBatchNorm2d bn;

        public ProjectionShortcut(ProjectionSpec spec) : base(nameof(ProjectionShortcut))
        {
            conv = new PaddedConv2d(spec.Conv);
            bn = new FreezableBatchNorm2d(spec.Norm);
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            using var convolved = conv.call(input);
            return bn.call(convolved);
        }
    }
}
