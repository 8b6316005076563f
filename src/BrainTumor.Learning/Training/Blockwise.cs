using BrainTumor.Learning.Backbones;
using TorchSharp;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Training;

internal static class Blockwise
{
    /// <summary>The block-wise view of a model, or an error naming a model that has none.</summary>
    public static IBlockwiseNetwork Of(nn.Module<Tensor, Tensor> model) =>
        model as IBlockwiseNetwork
        ?? throw new ArgumentException($"{model.GetName()} ({model.GetType().Name}) cannot be trained block-wise: it does not implement {nameof(IBlockwiseNetwork)}", nameof(model));
}
