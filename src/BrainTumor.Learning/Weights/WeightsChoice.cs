using BrainTumor.Learning.Backbones;

namespace BrainTumor.Learning.Weights;

/// <summary>
/// Which weights a run of a backbone starts from: a pretrained file that is there, or none, in
/// which case the run is training from scratch, not transfer learning, and <see cref="Describe"/>
/// says so plainly (a trainer prints it before its first epoch).
/// </summary>
public sealed record WeightsChoice(string Backbone, string Path, bool Present, bool Named, string HowToObtain)
{
    /// <summary>
    /// The weights of <paramref name="backbone"/>: <paramref name="namedFile"/> when given (it must
    /// exist: a run the user pointed at a file never falls back to random weights), otherwise the
    /// backbone's default source under <paramref name="weightsDirectory"/>, present or not.
    /// </summary>
    public static WeightsChoice For(BackboneDefinition backbone, string weightsDirectory, string? namedFile = null)
    {
        if (namedFile is not null)
        {
            var full = System.IO.Path.GetFullPath(namedFile);
            if (!File.Exists(full))
                throw new FileNotFoundException($"{full}: no such weights file (named for {backbone.Name})", full);
            return new WeightsChoice(backbone.Name, full, Present: true, Named: true, backbone.DefaultWeights.HowToObtain);
        }
        var expected = backbone.DefaultWeights.ExpectedPath(weightsDirectory);
        return new WeightsChoice(backbone.Name, expected, File.Exists(expected), Named: false, backbone.DefaultWeights.HowToObtain);
    }

    /// <summary>The sentence for the operator: where the weights come from, or the plain warning that there are none.</summary>
    public string Describe() =>
        Present
            ? $"{Backbone}: starts from the pretrained weights in {Path} (transfer learning)."
            : $"WARNING: {Backbone}: no pretrained weights ({Path} does not exist). This run starts from random weights: " +
              $"it is training from scratch, NOT transfer learning, and its results are not comparable with Swati et al. To fix: {HowToObtain}";
}
