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

    public static FilePrediction Failed(string file, string error) => new(file, null, null, null, error);
}
