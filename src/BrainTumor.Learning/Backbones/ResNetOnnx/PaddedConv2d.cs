using BrainTumor.Learning.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Backbones.ResNetOnnx;

/// <summary>
/// A 2-d convolution with the graph's exact padding: symmetric pads, and asymmetric (CNTK) pads
/// that act as symmetric ones on this input (<see cref="Pads2d.ActsAsSymmetric"/>), go to the
/// convolution itself; other asymmetric pads are applied with an explicit zero pad first, so the
/// output is aligned with the original graph's pixel for pixel. State-dict names: <c>weight</c> (and <c>bias</c>).
/// </summary>
public sealed class PaddedConv2d : nn.Module<Tensor, Tensor>
{
    // Field names are the state-dict names (RegisterComponents registers fields by name).
    private readonly Parameter weight;
    private readonly Parameter? bias;
    private readonly long[] _strides;
    private readonly Pads2d _pads;
    private readonly ConvSpec _spec;

    public PaddedConv2d(ConvSpec spec) : base(nameof(PaddedConv2d))
    {
        _spec = spec;
        weight = new Parameter(tensor(spec.Weight.Data, spec.Weight.Shape));
        bias = spec.Bias is null ? null : new Parameter(tensor(spec.Bias.Data, spec.Bias.Shape));
        _strides = spec.Strides;
        _pads = spec.Pads;
        RegisterComponents();
    }

    /// <summary>Puts the graph's weights back.</summary>
    internal void Restore()
    {
        GraphValues.Restore(weight, _spec.Weight);
        if (bias is not null)
            GraphValues.Restore(bias, _spec.Bias!);
    }

    public override Tensor forward(Tensor input)
    {
        if (_pads.IsSymmetric || _pads.ActsAsSymmetric(input.shape[2], input.shape[3], weight.shape[2..], _strides))
            return Autocast.Conv2d(input, weight, bias, _strides, [_pads.Top, _pads.Left]);
        using var padded = nn.functional.pad(input, _pads.ForTorchPad());
        return Autocast.Conv2d(padded, weight, bias, _strides, [0, 0]);
    }
}
