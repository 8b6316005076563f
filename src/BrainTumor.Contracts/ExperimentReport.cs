namespace BrainTumor.Contracts;

/// <summary>A fold's test result at its chosen depth, with what pairing it with another experiment's fold needs.</summary>
/// <param name="FitItems">The slices the tested model trained on (the training part, and the validation part when the experiment refits).</param>
/// <param name="TestDigest">Which slices it was tested on (<see cref="Protocol.Statistics.FoldScore.DigestOf"/>); empty in a report read before it was recorded.</param>
[GenerateSerializer, Alias("BrainTumor.FoldResult")]
public sealed record FoldResult(
    [property: Id(0)] int Fold,
    [property: Id(1)] double Accuracy,
    [property: Id(2)] int Depth,
    [property: Id(3)] int FitItems = 0,
    [property: Id(4)] int TestItems = 0,
    [property: Id(5)] string TestDigest = "")
{
    /// <summary>The fold as the paired comparison reads it.</summary>
    public Protocol.Statistics.FoldScore Score() => new(Fold, Accuracy, FitItems, TestItems, TestDigest);
}

/// <summary>A class's one-vs-rest rates, means over folds, each with its sd over folds (n - 1; null for one fold).</summary>
[GenerateSerializer, Alias("BrainTumor.ClassSummary")]
public sealed record ClassSummary(
    [property: Id(0)] double Precision,
    [property: Id(1)] double Recall,
    [property: Id(2)] double Specificity,
    [property: Id(3)] double F1,
    [property: Id(4)] double? RecallSd,
    [property: Id(5)] double? Auc,
    [property: Id(6)] double? PrecisionSd = null,
    [property: Id(7)] double? SpecificitySd = null,
    [property: Id(8)] double? F1Sd = null,
    [property: Id(9)] double? AucSd = null);

/// <summary>The numbers of a finished experiment: test accuracy per fold and mean ± sd, per-class rates.
/// The full report (per-depth table, confusion matrices, curves) is the run folder's <c>report.json</c>.</summary>
[GenerateSerializer, Alias("BrainTumor.ExperimentReport")]
public sealed record ExperimentReport(
    [property: Id(0)] string Id,
    [property: Id(1)] double MeanAccuracy,
    [property: Id(2)] double? SdAccuracy,
    [property: Id(3)] IReadOnlyList<FoldResult> Folds,
    [property: Id(4)] IReadOnlyDictionary<string, ClassSummary> PerClass,
    [property: Id(5)] string ReportPath);
