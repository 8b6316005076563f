using BrainTumor.Protocol.Metrics;
using BrainTumor.Reports.Document;

namespace BrainTumor.Reports.Building;

/// <summary>
/// Builds <c>report.json</c>'s document from a finished run: each fold's test metrics from its
/// predictions, mean ± sd over folds (<see cref="FoldSummary"/>), the accuracy-by-depth table,
/// the supervisor's decisions replayed with their numbers, timings and the comparison with the
/// published results. Inconsistent inputs (a fold missing from the plan, a test pass of another
/// size than the plan's test part, stages that do not lead to the tested depth) are refused.
/// </summary>
public static class ReportAssembler
{
    public static ReportDocument Assemble(ExperimentRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Folds.Count == 0)
            throw new InvalidDataException($"experiment '{run.Id}': no folds to report");
        var folds = run.Folds.OrderBy(f => f.Fold).Select(f => Fold(run, f, run.Backbone.BodyBlockCount)).ToList();
        var summary = FoldSummary.Of([.. folds.Select(f => new FoldMetrics(f.Fold, Metrics(f)))]);
        var pooled = summary.PooledConfusionMatrix;
        return new ReportDocument
        {
            Id = run.Id,
            MeanAccuracy = summary.MeanAccuracy,
            SdAccuracy = summary.SdAccuracy,
            Folds = folds,
            PerClass = pooled.Labels.Select((label, k) => (label, k))
                .ToDictionary(c => c.label, c => MeanRates.Of(summary.PerClass[c.label], pooled.Actual(c.k))),
            Macro = MeanRates.Of(summary.Macro),
            PooledConfusionMatrix = pooled,
            DepthTable = DepthTables.Of(run.Spec.Policy, run.Backbone, folds),
            Timings = RunTimings.Of(run),
            Comparison = ProtocolComparison.Of(run, summary),
            StartingWeights = run.StartingWeights,
            FoldMethod = run.Plan.Method,
            Spec = run.Spec,
        };
    }

    private static FoldReport Fold(ExperimentRun run, FoldRun fold, int maxDepth)
    {
        var planned = run.Plan.Folds.FirstOrDefault(p => p.Number == fold.Fold)
                      ?? throw new InvalidDataException($"fold {fold.Fold}: not in the run's fold plan (folds {string.Join(", ", run.Plan.Folds.Select(p => p.Number))})");
        if (fold.Test.Truth.Count != planned.Test.Count)
            throw new InvalidDataException($"fold {fold.Fold}: the test pass evaluated {fold.Test.Truth.Count} items, the fold plan's test part has {planned.Test.Count}");
        var metrics = fold.Test.Metrics();
        return new FoldReport(
            fold.Fold, metrics.Accuracy, fold.TestedDepth, fold.Test.Loss,
            planned.Train.Count, planned.Validation.Count, planned.Test.Count,
            metrics.PerClass, metrics.Macro, metrics.ConfusionMatrix,
            fold.Stages, DecisionReplay.Of(run.Spec.Policy, maxDepth, fold));
    }

    private static ClassificationMetrics Metrics(FoldReport fold) =>
        new(fold.Accuracy, fold.PerClass, fold.Macro, fold.ConfusionMatrix);
}
