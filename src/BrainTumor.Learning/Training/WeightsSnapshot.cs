using TorchSharp;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Training;

/// <summary>Copies of a model's parameters and buffers by state-dict name, held outside any dispose scope (best weights of a stage, the chosen depth of a fold).</summary>
internal static class WeightsSnapshot
{
    public static Dictionary<string, Tensor> Take(nn.Module model)
    {
        using var noGrad = no_grad();
        return model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone().DetachFromDisposeScope());
    }

    public static void Copy(IReadOnlyDictionary<string, Tensor> from, IReadOnlyDictionary<string, Tensor> to)
    {
        using var noGrad = no_grad();
        foreach (var (name, tensor) in from)
            to[name].copy_(tensor);
    }

    public static void Release(Dictionary<string, Tensor>? weights)
    {
        if (weights is null)
            return;
        foreach (var tensor in weights.Values)
            tensor.Dispose();
    }
}
