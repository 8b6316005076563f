using BrainTumor.Learning.Backbones;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace BrainTumor.Learning.Saliency;

/// <summary>What <see cref="GradCam.Compute"/> returns: the network's logits [B, classes] and the maps [B, H, W] in 0..1.</summary>
public sealed record GradCamOutput(Tensor Logits, Tensor Maps) : IDisposable
{
    public void Dispose()
    {
        Logits.Dispose();
        Maps.Dispose();
    }
}

/// <summary>
/// Grad-CAM (Selvaraju et al., "Grad-CAM: Visual Explanations from Deep Networks via
/// Gradient-based Localization", ICCV 2017) for the block-wise backbones: the feature maps A are the
/// output of the last block before the head (VGG and AlexNet: the last convolution block with the
/// max pool that closes it, the layer pytorch-grad-cam also uses for VGG; ResNet: <c>layer4</c>); the
/// channel weights are the gradients of the target class's score (its logit, before the softmax)
/// with respect to A, averaged over space; the map is ReLU(sum_k w_k A_k), upsampled bilinearly
/// to the input size and scaled to 0..1 per image (an all-zero map stays zero).
/// </summary>
public static class GradCam
{
    /// <summary>
    /// Maps for a batch, each for its class in <paramref name="classes"/> (null: the class the
    /// network predicts for that image). Puts the model in eval mode; its parameters get no gradients.
    /// </summary>
    public static GradCamOutput Compute(nn.Module<Tensor, Tensor> model, Tensor batch, IReadOnlyList<int>? classes = null)
    {
        var network = model as IBlockwiseNetwork
                      ?? throw new ArgumentException($"{model.GetName()} is not a block-wise network; Grad-CAM needs its last block's output", nameof(model));
        if (classes is not null && classes.Count != batch.shape[0])
            throw new ArgumentException($"{classes.Count} classes for a batch of {batch.shape[0]}", nameof(classes));
        model.eval();
        var body = network.Blocks.BodyBlockCount;
        using var scope = NewDisposeScope();
        Tensor features;
        using (no_grad())
            features = network.ForwardBlocks(batch, 0, body);
        features.requires_grad_(true);
        using var gradMode = enable_grad();
        var logits = network.ForwardBlocks(features, body, body + 1);
        var targets = classes is null ? logits.argmax(1) : tensor(classes.Select(c => (long)c).ToArray());
        var score = logits.gather(1, targets.unsqueeze(1)).sum();
        var gradients = torch.autograd.grad([score], [features])[0];
        var weights = gradients.mean([2, 3], keepdim: true);
        var cam = relu((weights * features.detach()).sum(1, keepdim: true));
        var upsampled = interpolate(cam, [batch.shape[2], batch.shape[3]], mode: InterpolationMode.Bilinear, align_corners: false).squeeze(1);
        return new GradCamOutput(logits.detach().MoveToOuterDisposeScope(), ScaleToUnit(upsampled).MoveToOuterDisposeScope());
    }

    /// <summary>Each map [H, W] of a batch minus its minimum, divided by its range; a constant map becomes zeros.</summary>
    private static Tensor ScaleToUnit(Tensor maps)
    {
        var flat = maps.flatten(1);
        var min = flat.amin([1], keepdim: true);
        var range = flat.amax([1], keepdim: true) - min;
        var scaled = where(range > 0, (flat - min) / range.clamp_min(float.Epsilon), zeros_like(flat));
        return scaled.view_as(maps);
    }
}
