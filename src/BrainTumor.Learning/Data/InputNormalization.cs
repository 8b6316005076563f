namespace BrainTumor.Learning.Data;

/// <summary>
/// A backbone's own input normalisation, applied to the preprocessed slice (one channel in [0, 1],
/// replicated to three): <c>x' = (x * Scale - Mean[c]) / Std[c]</c>.
/// </summary>
public sealed record InputNormalization(string Name, float Scale, float[] Mean, float[] Std)
{
    /// <summary>torchvision's ImageNet statistics, used by its VGG and AlexNet weights.</summary>
    public static InputNormalization ImageNet { get; } = new("imagenet", 1f, [0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f]);

    /// <summary>No normalisation beyond the [0, 1] range (for networks trained from scratch on it).</summary>
    public static InputNormalization UnitRange { get; } = new("unit", 1f, [0f, 0f, 0f], [1f, 1f, 1f]);
}
