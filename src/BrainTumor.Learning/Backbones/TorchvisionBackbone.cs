using BrainTumor.Learning.Data;
using BrainTumor.Learning.Weights;

namespace BrainTumor.Learning.Backbones;

/// <summary>
/// A backbone in torchvision's layout whose ImageNet weights (IMAGENET1K_V1) are torchvision's own
/// model-zoo file, expected in the weights folder under torchvision's name, with ImageNet input
/// statistics.
/// </summary>
public abstract class TorchvisionBackbone(string name, string description, string weightsFile, BlockMap blocks) : BackboneDefinition
{
    public override string Name => name;

    public override string Description => description;

    public override InputNormalization Normalization => InputNormalization.ImageNet;

    public override BlockMap Blocks => blocks;

    public override WeightsSource DefaultWeights { get; } = new WeightsFolderFile(
        weightsFile,
        $"torchvision's ImageNet weights (IMAGENET1K_V1): in Python, torchvision.models.{name}(weights=\"IMAGENET1K_V1\") downloads {weightsFile} to ~/.cache/torch/hub/checkpoints/");
}
