namespace BrainTumor.Learning.Data;

/// <summary>
/// A backbone's own input normalisation, applied to the preprocessed slice (one channel in [0, 1],
/// replicated to three): <c>x' = (x * Scale - Mean[c] - MeanImage[c, y, x]) / Std[c]</c>, the
/// mean image term only where a backbone has one.
/// </summary>
public sealed record InputNormalization(string Name, float Scale, float[] Mean, float[] Std, MeanImage? MeanImage = null)
{
    /// <summary>torchvision's ImageNet statistics, used by its VGG and AlexNet weights.</summary>
    public static InputNormalization ImageNet { get; } = new("imagenet", 1f, [0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f]);

    /// <summary>No normalisation beyond the [0, 1] range (for networks trained from scratch on it).</summary>
    public static InputNormalization UnitRange { get; } = new("unit", 1f, [0f, 0f, 0f], [1f, 1f, 1f]);
}

/// <summary>
/// A per-pixel mean [3, Size, Size], row-major, in the network's channel order (BGR for CNTK's
/// ResNet18). Since slices are grey, the three input channels are equal and the channel order
/// matters only for which plane of the mean is subtracted from which channel. It fixes the input
/// size: batches of another size are refused rather than silently resized.
/// </summary>
public sealed record MeanImage
{
    public MeanImage(int size, float[] values)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if (values.LongLength != 3L * size * size)
            throw new ArgumentException($"a {size}x{size} mean image needs {3L * size * size} values, got {values.LongLength}", nameof(values));
        Size = size;
        Values = values;
    }

    public int Size { get; }

    public float[] Values { get; }
}
