using BrainTumor.Grains.Training;
using BrainTumor.Protocol.Metrics;
using BrainTumor.Imaging.Folds;
using BrainTumor.Learning.Backbones;
using BrainTumor.Protocol.Runs;
using BrainTumor.Protocol.Specs;
using BrainTumor.Protocol.Statistics;
using BrainTumor.Protocol.Supervision;
using BrainTumor.Learning.Weights;
using BrainTumor.Reports;
using BrainTumor.Reports.Building;
using BrainTumor.Reports.Document;

namespace BrainTumor.Grains.Experiments;

/// <summary>
/// Reports a finished experiment, once, when it completes (or when asked to rebuild): reads its run
/// folder (the fold plan, every stage's epochs, each fold's test predictions), has
/// <see cref="ReportAssembler"/> build the document, checks that the supervisor's recorded decisions
/// are the ones its policy gives on those stages, and writes <c>report.json</c>, <c>report.md</c> and
/// <c>report.html</c> in the run folder. Reading a report afterwards (<see cref="Read"/>) only reads
/// <c>report.json</c>: what the report says stays what was true when it was written.
/// </summary>
public static class ReportBuilder
{
    public static ExperimentReport Build(ExperimentInfo experiment, string weightsDirectory)
    {
        var run = experiment.RunFolder;
        new RunFolder(run).ReadFormat(); // a folder a newer version wrote is refused, not misread
        var folds = experiment.Folds.OrderBy(f => f.Fold).Select(f => FoldRun(run, f)).ToList();
        var document = ReportAssembler.Assemble(new ExperimentRun(
            experiment.Id, experiment.Spec, Facts(BackboneRegistry.Get(experiment.Spec.Backbone)), experiment.Created, experiment.Finished,
            StartingWeights(experiment.Spec, weightsDirectory), FoldPlanStore.Load(RunLayout.Plan(run)), folds));
        foreach (var fold in experiment.Folds)
            CheckDecisions(fold, document.Folds.Single(f => f.Fold == fold.Fold).Decisions);

        var path = RunLayout.Report(run);
        ReportJson.Write(path, document);
        ReportWriter.Write(run);
        return Summary(experiment, document, path);
    }

    /// <summary>The summary of the report written at completion; a missing or unreadable <c>report.json</c> is an error naming the file.</summary>
    public static ExperimentReport Read(ExperimentInfo experiment)
    {
        var path = RunLayout.Report(experiment.RunFolder);
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: the experiment completed but its report is not there; `experiment report {experiment.Id} --rebuild` writes it again from the run folder", path);
        return Summary(experiment, ReportJson.Read(path), path);
    }

    private static ExperimentReport Summary(ExperimentInfo experiment, ReportDocument document, string path)
    {
        // Which slices each fold tested, from the run's fold plan: what `experiment compare` pairs folds on.
        var plan = FoldPlanStore.Load(RunLayout.Plan(experiment.RunFolder));
        string Digest(int fold) => plan.Folds.SingleOrDefault(f => f.Number == fold) is { } planned ? FoldScore.DigestOf(plan.ItemsDigest, planned.Test) : "";
        return new(experiment.Id,
            document.MeanAccuracy,
            document.SdAccuracy,
            [.. document.Folds.Select(f => new FoldResult(f.Fold, f.Accuracy, f.Depth,
                f.TrainItems + (document.Spec.Refit ? f.ValidationItems : 0), f.TestItems, Digest(f.Fold)))],
            document.PerClass.ToDictionary(p => p.Key, p => new ClassSummary(p.Value.Precision, p.Value.Recall, p.Value.Specificity, p.Value.F1, p.Value.Sd.Recall, p.Value.Auc,
                p.Value.Sd.Precision, p.Value.Sd.Specificity, p.Value.Sd.F1, p.Value.Sd.Auc)),
            path);
    }

    private static FoldRun FoldRun(string run, FoldInfo fold)
    {
        var test = RunLayout.ReadJson<StoredTest>(RunLayout.TestResult(run, fold.Fold), $"fold {fold.Fold}'s test record");
        var stages = fold.Stages.Select(s => RunLayout.ReadJson<StageOutcome>(RunLayout.StageResult(run, fold.Fold, s.Depth), $"fold {fold.Fold}'s stage {s.Depth} record")).ToList();
        return new FoldRun(fold.Fold, stages, test.Depth, test.Evaluation, fold.Test?.Seconds);
    }

    /// <summary>The report shows the policy replayed on the stored stages (it has every number); that must be what the supervisor decided.</summary>
    private static void CheckDecisions(FoldInfo fold, IReadOnlyList<SupervisorDecision> replayed)
    {
        var recorded = fold.Decisions;
        for (var i = 0; i < Math.Max(recorded.Count, replayed.Count); i++)
        {
            var r = i < recorded.Count ? recorded[i] : null;
            var p = i < replayed.Count ? replayed[i] : null;
            if (r is null || p is null || r.Depth != p.Depth || r.Action != p.Action || r.ChosenDepth != p.ChosenDepth)
                throw new InvalidDataException(
                    $"fold {fold.Fold}, decision {i + 1}: the supervisor recorded {Describe(r)}, but its policy on the stored stages gives {Describe(p)}; " +
                    "the run folder does not match the experiment's record");
        }
    }

    private static string Describe(DecisionInfo? d) => d is null ? "no decision" : $"{d.Action.Name()} after depth {d.Depth} (chosen {d.ChosenDepth})";

    private static string Describe(SupervisorDecision? d) => d is null ? "no decision" : $"{d.Action.Name()} after depth {d.Depth} (chosen {d.ChosenDepth})";

    /// <summary>What the report says of the backbone, from its definition.</summary>
    public static BackboneFacts Facts(BackboneDefinition backbone) =>
        new(backbone.Name, backbone.InputSize, [.. backbone.Blocks.Blocks.Select(b => b.Name)]);

    /// <summary>What the first stage started from. A named file must have existed (the experiment was refused otherwise); the default file is looked for now, as the trainer did at the first stage.</summary>
    private static StartingWeights StartingWeights(ExperimentSpec spec, string weightsDirectory)
    {
        if (spec.Weights is { } named)
            return new StartingWeights(true, $"Pretrained weights from {named}, named by the experiment");
        var choice = WeightsChoice.For(BackboneRegistry.Get(spec.Backbone), weightsDirectory);
        return choice.Present
            ? new StartingWeights(true, $"Pretrained weights from {choice.Path}")
            : new StartingWeights(false, $"Random initial weights (no {spec.Backbone} weights file at {choice.Path} when the report was written)");
    }
}
