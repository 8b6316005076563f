namespace BrainTumor.Reports.Document;

/// <summary>
/// The experiment's settings as the report records them: the fields of the platform's experiment
/// spec, copied here because this assembly stays free of Orleans (the spec's own type carries
/// Orleans serialisation attributes). Written in snake_case like the rest of the report.
/// </summary>
public sealed record ReportSpec
{
    public required string Dataset { get; init; }

    public required string Backbone { get; init; }

    /// <summary>The weights file the experiment named; null for the backbone's default.</summary>
    public string? Weights { get; init; }

    public int? Folds { get; init; }

    public string? FoldsFrom { get; init; }

    /// <summary>Null for the backbone's own input size.</summary>
    public int? InputSize { get; init; }

    public required string Policy { get; init; }

    public int Epochs { get; init; }

    public int Patience { get; init; }

    public int BatchSize { get; init; }

    public double LearningRate { get; init; }

    public int Seed { get; init; }

    public bool Augment { get; init; }

    public int? MaxItems { get; init; }

    public int WidthDivisor { get; init; } = 1;
}
