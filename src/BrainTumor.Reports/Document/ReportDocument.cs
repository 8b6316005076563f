using BrainTumor.Protocol.Metrics;
using BrainTumor.Protocol.Specs;

namespace BrainTumor.Reports.Document;

/// <summary>
/// <c>report.json</c>: the report of a finished experiment, in snake_case throughout. The first
/// keys are what a script wants (<c>mean_accuracy</c>, <c>sd_accuracy</c>, <c>folds</c> with
/// <c>fold</c>, <c>accuracy</c>, <c>depth</c>, and <c>per_class</c> with <c>precision</c>,
/// <c>recall</c>, <c>specificity</c>, <c>f1</c>); the rest is what the Markdown and HTML reports
/// are rendered from. Accuracies and rates are fractions (0.9482, not 94.82).
/// </summary>
public sealed record ReportDocument
{
    public required string Id { get; init; }

    /// <summary>Mean over folds of the test accuracy at each fold's chosen depth.</summary>
    public required double MeanAccuracy { get; init; }

    /// <summary>Sample sd over folds; null for a single fold.</summary>
    public required double? SdAccuracy { get; init; }

    public required IReadOnlyList<FoldReport> Folds { get; init; }

    /// <summary>Label to mean rates over folds, in the head's class order.</summary>
    public required IReadOnlyDictionary<string, MeanRates> PerClass { get; init; }

    public required MeanRates Macro { get; init; }

    /// <summary>The folds' test confusion matrices added up: every test item once.</summary>
    public required ConfusionMatrix PooledConfusionMatrix { get; init; }

    public required DepthTable DepthTable { get; init; }

    public required Timings Timings { get; init; }

    public required Comparison Comparison { get; init; }

    /// <summary>Whether the network started from pretrained weights, and from which.</summary>
    public required StartingWeights StartingWeights { get; init; }

    /// <summary>How the folds were made (<c>stratified-group-kfold</c>, <c>given:cheng_fold</c>, ...).</summary>
    public required string FoldMethod { get; init; }

    public required ExperimentSpec Spec { get; init; }
}

/// <summary>Pretrained (transfer learning) or random (training from scratch), in words for the reader.</summary>
public sealed record StartingWeights(bool Pretrained, string Description);
