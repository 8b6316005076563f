using static TorchSharp.torch;

namespace BrainTumor.Learning.Runtime;

/// <summary>
/// Mixed precision the way PyTorch's <c>torch.autocast("cpu", dtype=torch.bfloat16)</c> does it,
/// for the layers of the platform's own networks (TorchSharp has no autocast): while a scope is
/// open on a thread, convolutions and linear layers cast their input, weight and bias to the low
/// precision and compute there (PyTorch's "lower_precision_fp" list); every other op runs in the
/// type it is given (BatchNorm takes a bfloat16 input with float32 statistics and parameters,
/// ReLU, pooling and the residual sum stay in bfloat16); a network's output is cast back to
/// float32 (<see cref="Output"/>), so the loss, the softmax and the activation cache read float32
/// as PyTorch's "fp32" list has it. The weights stay float32 (the master copy): each cast is part
/// of the graph, so gradients reach them in float32 and the optimizer steps in float32.
/// Thread-local like PyTorch's autocast state: a trainer opens its scope on its own worker thread.
/// </summary>
public static class Autocast
{
    [ThreadStatic]
    private static ScalarType? _lowPrecision;

    /// <summary>The low-precision type of the open scope on this thread, or null (float32 throughout).</summary>
    public static ScalarType? LowPrecision => _lowPrecision;

    /// <summary>Opens a scope computing convolutions and linear layers in <paramref name="lowPrecision"/> (null: none) until disposed.</summary>
    public static Scope Enable(ScalarType? lowPrecision)
    {
        var previous = _lowPrecision;
        _lowPrecision = lowPrecision;
        return new Scope(previous);
    }

    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias, long[] strides, long[] padding, long[]? dilation = null, long groups = 1)
    {
        if (_lowPrecision is not { } low)
            return nn.functional.conv2d(input, weight, bias, strides, padding, dilation, groups);
        using var x = input.to(low);
        using var w = weight.to(low);
        using var b = bias?.to(low);
        return nn.functional.conv2d(x, w, b, strides, padding, dilation, groups);
    }

    public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias)
    {
        if (_lowPrecision is not { } low)
            return nn.functional.linear(input, weight, bias);
        using var x = input.to(low);
        using var w = weight.to(low);
        using var b = bias?.to(low);
        return nn.functional.linear(x, w, b);
    }

    /// <summary>A network's output as float32 when it was computed in a low precision (the input itself otherwise).</summary>
    public static Tensor Output(Tensor output) => output.dtype == ScalarType.Float32 ? output : output.to(ScalarType.Float32);

    /// <summary>Restores the precision that was in force when the scope opened.</summary>
    public readonly struct Scope(ScalarType? previous) : IDisposable
    {
        public void Dispose() => _lowPrecision = previous;
    }
}
