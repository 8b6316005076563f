using System.Text.Json.Serialization;

namespace BrainTumor.Learning.Prediction;

/// <summary>
/// The ensemble's answer for one file: the class with the highest mean probability, the mean
/// softmax probabilities and each fold's own (both in <see cref="Protocol.Labels.LabelMap.Names"/>
/// order, folds in the ensemble's order); or, for a file that could not be read, the error alone.
/// </summary>
public sealed record FilePrediction(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("class")] string? Class,
    [property: JsonPropertyName("probabilities")] IReadOnlyList<double>? Probabilities,
    [property: JsonPropertyName("fold_probabilities")] IReadOnlyList<IReadOnlyList<double>>? FoldProbabilities,
    [property: JsonPropertyName("error")] string? Error)
{
    [JsonIgnore]
    public bool Succeeded => Error is null;

    /// <summary>
    /// The share of the folds whose own most probable class is the ensemble's: 1 when every fold
    /// agrees, lower when the folds disagree (an uncertainty figure beside the mean probability); null for a failed file.
    /// </summary>
    [JsonPropertyName("agreement")]
    public double? Agreement => Class is null || FoldProbabilities is not { Count: > 0 } folds
        ? null
        : (double)folds.Count(f => Protocol.Labels.LabelMap.Names[ArgMax(f)] == Class) / folds.Count;

    private static int ArgMax(IReadOnlyList<double> values)
    {
        var best = 0;
        for (var i = 1; i < values.Count; i++)
            if (values[i] > values[best])
                best = i;
        return best;
    }

    public static FilePrediction Failed(string file, string error) => new(file, null, null, null, error);
}
