namespace BrainTumor.Learning.Prediction;

/// <summary>
/// What a run's <c>spec.json</c> says about its network: enough to rebuild the models its weights
/// were saved from. The keys are the experiment spec's own (<c>Backbone</c>, <c>InputSize</c>,
/// <c>WidthDivisor</c>, <c>Dataset</c>); the spec's other keys are training settings and are ignored here.
/// </summary>
public sealed record RunSpec
{
    /// <summary>Backbone name, as <see cref="Backbones.BackboneRegistry"/> knows it.</summary>
    public required string Backbone { get; init; }

    /// <summary>Input side in pixels; null for the backbone's own.</summary>
    public int? InputSize { get; init; }

    /// <summary>Every width divided by this (1 for the real network).</summary>
    public int WidthDivisor { get; init; } = 1;

    /// <summary>The dataset folder the run was trained on (for evaluations that go back to it).</summary>
    public string? Dataset { get; init; }

    private const string Expected = "a run's spec.json with at least \"Backbone\" (and optionally \"InputSize\", \"WidthDivisor\")";

    public static RunSpec Read(string path)
    {
        var spec = RunJson.Read<RunSpec>(path, Expected);
        if (string.IsNullOrWhiteSpace(spec.Backbone))
            throw new InvalidDataException($"{path}: \"Backbone\" is empty; expected {Expected}");
        if (spec.WidthDivisor < 1)
            throw new InvalidDataException($"{path}: \"WidthDivisor\" is {spec.WidthDivisor}; expected 1 or more");
        if (spec.InputSize is < 8)
            throw new InvalidDataException($"{path}: \"InputSize\" is {spec.InputSize}; expected at least 8 pixels");
        return spec;
    }

    public void Write(string path) => RunJson.Write(path, this);
}
