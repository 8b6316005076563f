using System.Net;
using System.Text;
using BrainTumor.Protocol.Metrics;
using BrainTumor.Protocol.Supervision;
using BrainTumor.Reports.Document;
using static BrainTumor.Reports.Rendering.ReportFormat;

namespace BrainTumor.Reports.Rendering;

/// <summary>
/// The report as Markdown, section by section. The HTML report is this same text rendered, with
/// the charts of <see cref="ReportCharts"/> placed between the sections (raw HTML blocks), so both
/// files always show the same numbers; the plain Markdown leaves the charts out.
/// </summary>
public static class MarkdownReport
{
    public static string Render(ReportDocument report, ReportCharts? charts)
    {
        var md = new StringBuilder();
        Summary(md, report);
        FoldAccuracy(md, report, charts);
        PerClass(md, report);
        DepthTable(md, report.DepthTable, charts);
        Confusion(md, report);
        Comparison(md, report, charts);
        Decisions(md, report);
        LearningCurves(md, report, charts);
        Timings(md, report.Timings);
        Settings(md, report);
        return md.ToString();
    }

    private static void Summary(StringBuilder md, ReportDocument r)
    {
        md.AppendLine($"# Experiment report: {r.Id}").AppendLine();
        md.AppendLine($"**Mean test accuracy {PercentSd(r.MeanAccuracy, r.SdAccuracy)} %** (mean ± sd over {r.Folds.Count} folds), " +
                $"{r.Spec.Backbone} with policy `{r.DepthTable.Policy}` on {r.Comparison.Rows[0].Data}, patient-disjoint folds ({r.FoldMethod}). " +
                $"Started {Time(r.Timings.Created)}, finished {Time(r.Timings.Finished)}.").AppendLine();
        if (!r.StartingWeights.Pretrained)
            md.AppendLine($"> **Not transfer learning.** {r.StartingWeights.Description}. This run trained from scratch, " +
                          "so its accuracy cannot be compared with the paper's.").AppendLine();
    }

    private static void FoldAccuracy(StringBuilder md, ReportDocument r, ReportCharts? charts)
    {
        Section(md, "Test accuracy by fold",
            "Each fold's test part is evaluated once, at the depth its supervisor chose; no fold's test part steered anything.");
        var table = new MarkdownTable("Fold", "Chosen depth", "Train / validation / test slices", "Test accuracy (%)", "Test loss", "Macro F1");
        foreach (var f in r.Folds)
            table.Row(Count(f.Fold), Count(f.Depth), $"{f.TrainItems} / {f.ValidationItems} / {f.TestItems}", Percent(f.Accuracy), Loss(f.Loss), Rate(f.Macro.F1));
        table.Row("**mean ± sd**", "", "", $"**{PercentSd(r.MeanAccuracy, r.SdAccuracy)}**", "", RateSd(r.Macro.F1, r.Macro.Sd.F1));
        table.WriteTo(md);
        Chart(md, charts?.TestAccuracy(r), "Test accuracy of each fold (dots) and their mean, beside the paper's and Cheng's accuracy.");
    }

    private static void PerClass(StringBuilder md, ReportDocument r)
    {
        Section(md, "Per-class rates",
            "One class against the rest on each fold's test part, then mean ± sd over folds. Recall is sensitivity; " +
                "a rate whose denominator is zero counts as 0.");
        var table = new MarkdownTable("Class", "Test slices", "Precision", "Recall (sensitivity)", "Specificity", "F1", "ROC AUC");
        foreach (var (label, c) in r.PerClass)
            table.Row(label, Count(c.Support ?? 0), RateSd(c.Precision, c.Sd.Precision), RateSd(c.Recall, c.Sd.Recall),
                RateSd(c.Specificity, c.Sd.Specificity), RateSd(c.F1, c.Sd.F1), RateSd(c.Auc, c.Sd.Auc));
        var m = r.Macro;
        table.Row("macro average", Count(r.PerClass.Values.Sum(c => c.Support ?? 0)), RateSd(m.Precision, m.Sd.Precision), RateSd(m.Recall, m.Sd.Recall),
            RateSd(m.Specificity, m.Sd.Specificity), RateSd(m.F1, m.Sd.F1), RateSd(m.Auc, m.Sd.Auc));
        table.WriteTo(md);

        md.AppendLine("### Per fold").AppendLine();
        var folds = new MarkdownTable("Fold", "Class", "Test slices", "Precision", "Recall", "Specificity", "F1", "ROC AUC");
        foreach (var f in r.Folds)
            foreach (var (label, c) in f.PerClass)
                folds.Row(Count(f.Fold), label, Count(c.Support), Rate(c.Precision), Rate(c.Recall), Rate(c.Specificity), Rate(c.F1), Rate(c.Auc));
        folds.WriteTo(md);
    }

    private static void DepthTable(StringBuilder md, DepthTable t, ReportCharts? charts)
    {
        Section(md, "Accuracy by depth",
            "Best validation accuracy (%) of each fine-tuning depth, per fold: depth 0 trains the new head only, depth k also the k deepest blocks, " +
                "each depth starting from the best weights of the one before. **Bold ✓** marks the depth the fold's supervisor chose. " +
                (t.EveryDepthTrained
                    ? $"Every fold trained every depth of `{t.Policy}`. "
                    : $"— : the fold did not train that depth (`{t.Policy}` stopped earlier). ") +
                "Test accuracy is measured only at the chosen depth (last row): the test part is evaluated once per fold, whatever the policy.");
        var table = new MarkdownTable(["Depth", "Trained blocks", .. t.Folds.Select(f => $"Fold {f}"), "Mean"]);
        foreach (var row in t.Rows)
            table.Row([Count(row.Depth), string.Join(", ", row.TrainedBlocks),
                .. row.Cells.Select(c => c.Chosen ? $"**{Percent(c.ValidationAccuracy)} ✓**" : Percent(c.ValidationAccuracy)),
                Percent(row.MeanValidationAccuracy)]);
        var tested = t.Rows.SelectMany(row => row.Cells).Where(c => c.Chosen).ToDictionary(c => c.Fold);
        table.Row(["test accuracy at the chosen depth", "", .. t.Folds.Select(f => Percent(tested[f].TestAccuracy)), ""]);
        table.WriteTo(md);
        Chart(md, charts?.AccuracyByDepth(t), "Best validation accuracy by depth, one line per fold; the larger mark is the chosen depth.");
    }

    private static void Confusion(StringBuilder md, ReportDocument r)
    {
        Section(md, "Confusion matrix",
            "The test slices of all folds together (each slice is in exactly one test part): rows are the true class, columns the predicted class; " +
                "each cell gives the count and its share of the row.");
        ConfusionTable(md, r.PooledConfusionMatrix);
        foreach (var f in r.Folds)
        {
            md.AppendLine($"Fold {f.Fold} (depth {f.Depth}):").AppendLine();
            ConfusionTable(md, f.ConfusionMatrix);
        }
    }

    private static void ConfusionTable(StringBuilder md, ConfusionMatrix m)
    {
        var table = new MarkdownTable(["true \\ predicted", .. m.Labels, "total"]);
        for (var t = 0; t < m.ClassCount; t++)
        {
            var total = m.Actual(t);
            table.Row([m.Labels[t],
                .. Enumerable.Range(0, m.ClassCount).Select(p => total == 0 ? "0" : $"{m[t, p]} ({m[t, p] * 100.0 / total:0}%)"),
                Count(total)]);
        }
        table.WriteTo(md);
    }

    private static void Comparison(StringBuilder md, ReportDocument r, ReportCharts? charts)
    {
        Section(md, "Comparison with published results", null);
        var table = new MarkdownTable("Result", "Accuracy (%)", "Data", "Split", "Input", "Model", "Training");
        foreach (var row in r.Comparison.Rows)
            table.Row(row.Source, PercentSd(row.Accuracy, row.Sd), row.Data, row.Split, row.Input, row.Model, row.Training);
        table.WriteTo(md);
        var gap = r.Comparison.GapToPaper;
        md.AppendLine($"The paper's {Percent(r.Comparison.Rows[1].Accuracy)} % is {Percent(Math.Abs(gap))} points {(gap >= 0 ? "above" : "below")} this run's mean. " +
                "How this run's protocol differs:").AppendLine();
        foreach (var difference in r.Comparison.Differences)
            md.AppendLine($"- {difference}");
        md.AppendLine();
    }

    private static void Decisions(StringBuilder md, ReportDocument r)
    {
        Section(md, "Supervisor decisions",
            $"After each stage the supervisor (`{r.DepthTable.Policy}`) compares the stage's best validation accuracy with the best of the shallower depths " +
                "(the gain) and says *deeper* (unfreeze one more block) or *stop*; the fold then tests its chosen depth.");
        var table = new MarkdownTable("Fold", "After depth", "Validation accuracy (%)", "Best shallower (depth)", "Gain (points)", "Decision", "Chosen depth", "Reason");
        foreach (var f in r.Folds)
            foreach (var d in f.Decisions)
                table.Row(Count(f.Fold), Count(d.Depth), Percent(d.Metric),
                    d.BestBefore is { } best ? $"{Percent(best)} ({d.BestBeforeDepth})" : "—",
                    Points(d.Gain), d.Action == SupervisorAction.Deeper ? "deeper" : "**stop**", Count(d.ChosenDepth), d.Reason);
        table.WriteTo(md);
    }

    private static void LearningCurves(StringBuilder md, ReportDocument r, ReportCharts? charts)
    {
        Section(md, "Learning curves",
            "Every epoch of every stage: training loss and accuracy over the epoch's batches, validation loss and accuracy after it. " +
                "✓ marks each stage's best epoch, whose weights the next stage starts from.");
        foreach (var f in r.Folds)
        {
            md.AppendLine($"### Fold {f.Fold}").AppendLine();
            Chart(md, charts?.LearningCurves(f), $"Fold {f.Fold}: accuracy and loss per epoch, stages one after another (dashed lines: a deeper stage starts).");
            var table = new MarkdownTable("Depth", "Epoch", "Train loss", "Train accuracy (%)", "Validation loss", "Validation accuracy (%)", "Seconds", "Best");
            foreach (var s in f.Stages)
                foreach (var e in s.Epochs)
                    table.Row(Count(s.Depth), Count(e.Epoch), Loss(e.TrainLoss), Percent(e.TrainAccuracy), Loss(e.ValidationLoss),
                        Percent(e.ValidationAccuracy), Seconds(e.Seconds), e.Epoch == s.BestEpoch ? "✓" : "");
            table.WriteTo(md);
            foreach (var s in f.Stages.Where(s => s.Failure is not null))
                md.AppendLine($"Stage {s.Depth} **failed**: {s.Failure}; the ladder stopped there and kept the best finished depth.").AppendLine();
        }
    }

    private static void Timings(StringBuilder md, Timings t)
    {
        Section(md, "Timings",
            $"Wall time from start to finish: {Duration(t.WallSeconds)}. Stages took {Seconds(t.TrainingSeconds)} s in all " +
                $"(of which filling the activation caches {Seconds(t.CacheBuildSeconds)} s), " +
                (t.TestSeconds is { } test ? $"test passes {Seconds(test)} s; " : "test passes: not recorded; ") +
                "folds on different devices run at the same time, so the sums can exceed the wall time.");
        var table = new MarkdownTable("Fold", "Stages", "Epochs", "Stage seconds", "Mean epoch seconds", "Test seconds");
        foreach (var f in t.Folds)
            table.Row(Count(f.Fold), Count(f.Stages), Count(f.Epochs), Seconds(f.TrainingSeconds), Seconds(f.MeanEpochSeconds), Seconds(f.TestSeconds));
        table.WriteTo(md);
    }

    // The spec fields the settings table words itself; every other field gets a row under its key.
    private static readonly IReadOnlySet<string> SettingsRows = new HashSet<string>(StringComparer.Ordinal)
    {
        "dataset", "backbone", "weights", "width_divisor", "input_size", "folds", "folds_from", "policy", "epochs", "patience",
        "batch_size", "learning_rate", "seed", "augment", "rotate", "scale", "translate", "intensity", "noise", "augmented_views", "max_items", "recipe",
    };

    private static void Settings(StringBuilder md, ReportDocument r)
    {
        Section(md, "Settings", null);
        var s = r.Spec;
        var table = new MarkdownTable("Setting", "Value");
        table.Row("recipe", Building.TrainingText.Recipe(s)).Row("dataset", s.Dataset).Row("backbone", s.Backbone).Row("starting weights", r.StartingWeights.Description)
            .Row("width divisor", Count(s.WidthDivisor)).Row("input size", s.InputSize is { } size ? $"{size}x{size}" : "the backbone's own")
            .Row("folds", s.FoldsFrom is { } from ? $"given by the data ({from})" : Count(s.Folds ?? r.Folds.Count)).Row("fold method", r.FoldMethod)
            .Row("policy", s.Policy).Row("epochs per stage (most)", Count(s.Epochs)).Row("early-stopping patience", Count(s.Patience))
            .Row("batch size", Count(s.BatchSize)).Row("learning rate", s.LearningRate.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Row("seed", Count(s.Seed)).Row("augmentation", Building.TrainingText.Augmentation(s))
            .Row("slices used", s.MaxItems is { } max ? $"at most {max}" : "all");
        foreach (var (key, value) in Building.TrainingText.OtherFields(s, SettingsRows))
            table.Row(key, value);
        table.WriteTo(md);
    }

    private static void Section(StringBuilder md, string title, string? introduction)
    {
        md.AppendLine($"## {title}").AppendLine();
        if (introduction is not null)
            md.AppendLine(introduction).AppendLine();
    }

    /// <summary>A chart as a raw HTML block (no blank line inside, which would end the block); nothing in plain Markdown.</summary>
    private static void Chart(StringBuilder md, string? svg, string caption)
    {
        if (svg is null)
            return;
        md.AppendLine($"<figure class=\"chart\">{svg}<figcaption>{WebUtility.HtmlEncode(caption)}</figcaption></figure>").AppendLine();
    }
}
