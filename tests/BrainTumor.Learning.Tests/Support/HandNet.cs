using BrainTumor.Learning.Backbones;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Tests.Support;

/// <summary>
/// A two-block network whose Grad-CAM is known by hand: the body is a 1x1 convolution giving
/// A0 = x0 and A1 = -x0 (x0 the input's first channel), the head averages each map over space
/// (the logits are mean(A0) and mean(A1)). For class k the gradient is 1/(H W) on A_k and 0 on
/// the other map, so the Grad-CAM map is ReLU(A_k) scaled to 0..1: ReLU(x0) for class 0,
/// ReLU(-x0) for class 1.
/// </summary>
internal sealed class HandNet : nn.Module<Tensor, Tensor>, IBlockwiseNetwork
{
    private readonly Conv2d body;
    private readonly Linear head;

    public HandNet() : base(nameof(HandNet))
    {
        body = nn.Conv2d(3, 2, kernel_size: 1, bias: false);
        head = nn.Linear(2, 2, hasBias: false);
        using (no_grad())
        {
            body.weight!.copy_(tensor(new float[] { 1, 0, 0, -1, 0, 0 }, [2, 3, 1, 1]));
            head.weight!.copy_(eye(2));
        }
        RegisterComponents();
    }

    public BlockMap Blocks { get; } = new([new ModelBlock("body", ["body"]), new ModelBlock("head", ["head"])], "head");

    public void SetTrainableBlocks(int deepest, UnfrozenBatchNorm unfrozenBatchNorm = UnfrozenBatchNorm.FixedStatistics) =>
        throw new NotSupportedException("HandNet is not trained");

    public Tensor ForwardBlocks(Tensor input, int from, int to)
    {
        using var scope = NewDisposeScope();
        var x = from == 0 ? body.call(input) : input.alias();
        if (to == 2)
            x = head.call(x.mean([2, 3]));
        return x.MoveToOuterDisposeScope();
    }

    public override Tensor forward(Tensor input) => ForwardBlocks(input, 0, 2);
}
