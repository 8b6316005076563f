using BrainTumor.Learning.Saliency;

namespace BrainTumor.Learning.Prediction;

/// <summary>
/// Where the ensemble looked for one file: its prediction, the preprocessed slice the networks saw
/// (0..1, input size), each fold's Grad-CAM map for the ensemble's class and their mean.
/// </summary>
public sealed record SaliencyResult(FilePrediction Prediction, float[] Slice, SaliencyMap Map, IReadOnlyList<SaliencyMap> FoldMaps)
{
    /// <summary>Writes the overlay of <see cref="Map"/> on the slice to <paramref name="directory"/> as
    /// <c>&lt;file name&gt;.saliency.png</c> and returns its path.</summary>
    public string WriteOverlay(string directory)
    {
        var path = Path.Combine(directory, Path.GetFileNameWithoutExtension(Prediction.File) + ".saliency.png");
        SaliencyOverlay.WritePng(path, Slice, Map);
        return path;
    }
}
