using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Backbones.ResNetOnnx;

/// <summary>
/// BatchNorm over channels whose use of statistics is decided per layer, not only by the model's
/// train/eval mode: with <see cref="FixedStatistics"/> set it normalises with its running mean and
/// variance and never updates them, even while the model trains. That is how a frozen block keeps
/// its ImageNet statistics however the trainer toggles <c>train()</c>/<c>eval()</c>, and how an
/// unfrozen block can learn its scale and shift without re-estimating statistics (see
/// <see cref="UnfrozenBatchNorm"/>). State-dict names match PyTorch's BatchNorm2d: <c>weight</c>,
/// <c>bias</c>, <c>running_mean</c>, <c>running_var</c>.
/// </summary>
public sealed class FreezableBatchNorm2d : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly Tensor running_mean;
    private readonly Tensor running_var;
    private readonly BatchNormSpec _spec;

    public FreezableBatchNorm2d(BatchNormSpec spec) : base(nameof(FreezableBatchNorm2d))
    {
        _spec = spec;
        weight = new Parameter(tensor(spec.Scale.Data));
        bias = new Parameter(tensor(spec.Bias.Data));
        running_mean = tensor(spec.Mean.Data);
        running_var = tensor(spec.Variance.Data);
        Epsilon = spec.Epsilon;
        // ONNX/CNTK keep m of the old statistics per batch; PyTorch's momentum is the new share.
        Momentum = 1.0 - spec.OnnxMomentum;
        RegisterComponents();
    }

    public double Epsilon { get; }

    /// <summary>PyTorch's convention: running = (1 - momentum) * running + momentum * batch.</summary>
    public double Momentum { get; }

    /// <summary>Normalise with the running statistics and leave them unchanged, in train mode too.</summary>
    public bool FixedStatistics { get; set; }

    /// <summary>Puts the graph's scale, shift and running statistics back.</summary>
    internal void Restore()
    {
        GraphValues.Restore(weight, _spec.Scale);
        GraphValues.Restore(bias, _spec.Bias);
        GraphValues.Restore(running_mean, _spec.Mean);
        GraphValues.Restore(running_var, _spec.Variance);
    }

    public override Tensor forward(Tensor input) =>
        nn.functional.batch_norm(input, running_mean, running_var, weight, bias,
            training: training && !FixedStatistics, momentum: Momentum, eps: Epsilon);
}
