using BrainTumor.Learning.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Data;

/// <summary>
/// Applies drawn <see cref="AugmentationDraw"/>s to a batch of grey slices [B, 1, H, W] in [0, 1],
/// before the backbone's normalisation (so a per-pixel mean image is subtracted from the changed
/// slice, not moved with it). One batched warp (affine_grid + grid_sample) and a few element-wise
/// steps, on the batch's own device.
/// </summary>
public static class GreyAugmenter
{
    public static Tensor Apply(Tensor grey, IReadOnlyList<AugmentationDraw> draws)
    {
        if (grey.dim() != 4 || grey.shape[1] != 1 || grey.shape[0] != draws.Count)
            throw new ArgumentException($"expected [{draws.Count}, 1, H, W] grey slices, got [{string.Join(", ", grey.shape)}]", nameof(grey));
        if (draws.All(d => d.IsIdentity))
            return grey.alias();
        using var scope = NewDisposeScope();
        var result = grey;
        if (draws.All(d => d.Radians == 0 && d.Zoom == 1 && d.ShiftX == 0 && d.ShiftY == 0))
        {
            // Flips alone are exact: a mirror, no resampling.
            if (draws.Any(d => d.Flip))
                result = where(tensor(draws.Select(d => d.Flip).ToArray(), device: grey.device).reshape(-1, 1, 1, 1), grey.flip(3), grey);
        }
        else
        {
            result = nn.functional.grid_sample(grey, nn.functional.affine_grid(Theta(draws, grey.device), [.. grey.shape], align_corners: false),
                mode: GridSampleMode.Bilinear, padding_mode: GridSamplePaddingMode.Zeros, align_corners: false);
        }
        if (draws.Any(d => d.Gamma != 1 || d.Contrast != 1 || d.Brightness != 0))
        {
            Tensor PerSlice(Func<AugmentationDraw, double> value) =>
                tensor(draws.Select(d => (float)value(d)).ToArray(), device: grey.device).reshape(-1, 1, 1, 1);
            // Gamma on [0, 1], then contrast about the slice's mean and a brightness shift, as ColorJitter does.
            result = result.clamp(0, 1).pow(PerSlice(d => d.Gamma));
            var mean = result.mean([1, 2, 3], keepdim: true);
            result = ((result - mean) * PerSlice(d => d.Contrast) + mean + PerSlice(d => d.Brightness)).clamp(0, 1);
        }
        if (draws.Any(d => d.NoiseSeed != 0))
            result = (result + Noise(draws, grey)).clamp(0, 1);
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Per slice, where each output pixel samples the input (normalised coordinates, -1 to 1):
    /// input = R(angle) · (output / zoom) + shift, with x negated for a flip.
    /// </summary>
    private static Tensor Theta(IReadOnlyList<AugmentationDraw> draws, Device device)
    {
        var values = new float[draws.Count * 6];
        for (var i = 0; i < draws.Count; i++)
        {
            var d = draws[i];
            var (sin, cos) = Math.SinCos(d.Radians);
            var mirror = d.Flip ? -1 : 1;
            values[i * 6 + 0] = (float)(cos / d.Zoom * mirror);
            values[i * 6 + 1] = (float)(-sin / d.Zoom);
            values[i * 6 + 2] = (float)(2 * d.ShiftX);
            values[i * 6 + 3] = (float)(sin / d.Zoom * mirror);
            values[i * 6 + 4] = (float)(cos / d.Zoom);
            values[i * 6 + 5] = (float)(2 * d.ShiftY);
        }
        return tensor(values, [draws.Count, 2, 3], device: device);
    }

    /// <summary>Each slice's noise from its own seed (so a slice's noise does not depend on its batch).</summary>
    private static Tensor Noise(IReadOnlyList<AugmentationDraw> draws, Tensor grey)
    {
        var (h, w) = (grey.shape[2], grey.shape[3]);
        var planes = draws.Select(d =>
        {
            if (d.NoiseSeed == 0)
                return zeros([1, 1, h, w]);
            using var generator = new Generator((ulong)d.NoiseSeed);
            return randn([1, 1, h, w], generator: generator) * (float)d.NoiseStd;
        }).ToArray();
        return cat(planes, 0).to(grey.device);
    }
}
