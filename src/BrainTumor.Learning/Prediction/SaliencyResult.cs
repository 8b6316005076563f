using BrainTumor.Learning.Saliency;

namespace BrainTumor.Learning.Prediction;

/// <summary>
/// Where the ensemble looked for one file: its prediction, the preprocessed slice the networks saw
/// (0..1, input size), each fold's Grad-CAM map for the ensemble's class and their mean.
/// </summary>
public sealed record SaliencyResult(FilePrediction Prediction, float[] Slice, SaliencyMap Map, IReadOnlyList<SaliencyMap> FoldMaps)
{
    /// <summary>Writes the overlay of <see cref="Map"/> on the slice to <paramref name="directory"/> as
    /// <paramref name="fileName"/> (default <c>&lt;file name&gt;.saliency.png</c>; <see cref="SaliencyFileNames"/>
    /// gives names that stay apart for many files) and returns its path.</summary>
    public string WriteOverlay(string directory, string? fileName = null)
    {
        var path = Path.Combine(directory, fileName ?? Path.GetFileNameWithoutExtension(Prediction.File) + SaliencyFileNames.Suffix);
        SaliencyOverlay.WritePng(path, Slice, Map);
        return path;
    }
}
