using BrainTumor.Learning.Backbones;
using BrainTumor.Learning.Saliency;
using BrainTumor.Learning.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Prediction;

/// <summary>One fold's network at its chosen depth, with the weights that stage saved.</summary>
public sealed class FoldModel : IDisposable
{
    private readonly nn.Module<Tensor, Tensor> _network;

    private FoldModel(int fold, int depth, string weightsPath, nn.Module<Tensor, Tensor> network)
    {
        Fold = fold;
        Depth = depth;
        WeightsPath = weightsPath;
        _network = network;
        _network.eval();
    }

    public int Fold { get; }

    /// <summary>The chosen depth: how many blocks below the head the fold fine-tuned.</summary>
    public int Depth { get; }

    public string WeightsPath { get; }

    /// <summary>Builds the backbone's network and loads the fold's weights file into it; a file that does not fit is named in the error.</summary>
    public static FoldModel Load(BackboneDefinition backbone, int classes, int widthDivisor, int fold, int depth, string weightsPath)
    {
        if (!File.Exists(weightsPath))
            throw new FileNotFoundException($"{weightsPath}: not found; fold {fold} chose depth {depth}, whose best weights should be there", weightsPath);
        var network = backbone.Create(classes, widthDivisor);
        try
        {
            TorchSharpFormat.LoadModule(network, weightsPath);
        }
        catch (Exception e)
        {
            network.Dispose();
            throw new InvalidDataException(
                $"{weightsPath}: cannot be loaded into {backbone.Name} (width 1/{widthDivisor}, {classes} classes): {e.Message}", e);
        }
        return new FoldModel(fold, depth, weightsPath, network);
    }

    /// <summary>Softmax probabilities [B, classes] for a normalised input batch.</summary>
    public Tensor Probabilities(Tensor batch)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return nn.functional.softmax(_network.call(batch), 1).MoveToOuterDisposeScope();
    }

    /// <summary>Grad-CAM maps for the batch (see <see cref="Saliency.GradCam"/>), each for its class in <paramref name="classes"/> or, when null, the predicted one.</summary>
    public GradCamOutput GradCam(Tensor batch, IReadOnlyList<int>? classes = null) => Saliency.GradCam.Compute(_network, batch, classes);

    public void Dispose() => _network.Dispose();
}
