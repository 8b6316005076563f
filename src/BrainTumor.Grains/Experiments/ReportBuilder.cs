using BrainTumor.Grains.Training;
using BrainTumor.Learning.Metrics;
using BrainTumor.Learning.Training;

namespace BrainTumor.Grains.Experiments;

/// <summary>
/// Aggregates a finished experiment from its run folder: each fold's test predictions
/// (<c>test.json</c>) give its metrics, <see cref="FoldSummary"/> the mean ± sd over folds; the whole
/// is written to <c>report.json</c> beside them with every stage's epochs and every decision.
/// </summary>
public static class ReportBuilder
{
    public static ExperimentReport Build(ExperimentInfo experiment)
    {
        var run = experiment.RunFolder;
        var folds = experiment.Folds.OrderBy(f => f.Fold).ToList();
        var tests = folds.Select(f => RunLayout.ReadJson<StoredTest>(RunLayout.TestResult(run, f.Fold))).ToList();
        var summary = FoldSummary.Of([.. tests.Select(t => new FoldMetrics(t.Fold, t.Evaluation.Metrics()))]);
        var document = new
        {
            id = experiment.Id,
            spec = experiment.Spec,
            created = experiment.Created,
            finished = experiment.Finished,
            summary,
            folds = folds.Select(f => new
            {
                fold = f.Fold,
                chosen_depth = tests.Single(t => t.Fold == f.Fold).Depth,
                test_accuracy = tests.Single(t => t.Fold == f.Fold).Evaluation.Accuracy,
                stages = f.Stages.Select(s => RunLayout.ReadJson<StageOutcome>(RunLayout.StageResult(run, f.Fold, s.Depth))),
                decisions = f.Decisions,
            }),
        };
        var path = RunLayout.Report(run);
        RunLayout.WriteJson(path, document);
        return new ExperimentReport(
            experiment.Id,
            summary.MeanAccuracy,
            summary.SdAccuracy,
            [.. tests.Select(t => new FoldResult(t.Fold, t.Evaluation.Accuracy, t.Depth))],
            summary.PerClass.ToDictionary(p => p.Key, p => new ClassSummary(
                p.Value.Precision.Mean, p.Value.Recall.Mean, p.Value.Specificity.Mean, p.Value.F1.Mean, p.Value.Recall.Sd, p.Value.Auc?.Mean)),
            path);
    }
}
