namespace BrainTumor.Learning.Weights;

/// <summary>A tensor of the file left out because the model's output layer has another size.</summary>
public sealed record DroppedTensor(string Key, long[] FileShape, long[] ModelShape);

/// <summary>What importing a weights file into a model did (<see cref="Loaded"/>) or would do (a check).</summary>
public sealed record WeightsImportReport(string Path, string Format, int Tensors, long Values, string OutputLayer, IReadOnlyList<DroppedTensor> Dropped, bool Loaded)
{
    /// <summary>One paragraph for logs and the operator.</summary>
    public string Describe()
    {
        var text = Loaded
            ? $"Loaded {Tensors} tensors ({Values:N0} values) from {Path} ({Format})."
            : $"{Path} ({Format}) fits: {Tensors} tensors ({Values:N0} values) would load.";
        if (Dropped.Count == 0)
            return text;
        var shapes = string.Join("; ", Dropped.Select(d => $"{d.Key} {TensorEntry.Format(d.FileShape)} in the file, {TensorEntry.Format(d.ModelShape)} in the model"));
        return $"{text} Dropped the file's output layer {OutputLayer} ({shapes}): it has another number of classes, so the model's new output layer keeps its fresh initialisation.";
    }
}
