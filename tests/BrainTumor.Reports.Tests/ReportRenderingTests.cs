using System.Text.RegularExpressions;
using BrainTumor.Reports.Building;
using BrainTumor.Reports.Document;

namespace BrainTumor.Reports.Tests;

/// <summary>report.md and report.html from the sample run: the numbers they show are report.json's, and the HTML needs nothing from a network.</summary>
public sealed class ReportRenderingTests
{
    public static TheoryData<string> Formats => ["md", "html"];

    [Theory, MemberData(nameof(Formats))]
    public void Fold_accuracies_and_their_mean_are_those_of_report_json(string format)
    {
        var (report, tables) = Rendered(format);
        var rows = tables("Test accuracy by fold");

        Assert.Equal(["Fold", "Chosen depth", "Train / validation / test slices", "Test accuracy (%)", "Test loss", "Macro F1"], rows[0]);
        foreach (var fold in report.Folds)
        {
            var row = rows.Single(r => r[0] == fold.Fold.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(fold.Depth, RenderedTables.Numbers(row[1]).Single());
            Near(fold.Accuracy * 100, RenderedTables.Numbers(row[3]).Single(), 0.005);
            Near(fold.Loss, RenderedTables.Numbers(row[4]).Single(), 0.00005);
            Assert.Equal([fold.TrainItems, fold.ValidationItems, fold.TestItems], RenderedTables.Numbers(row[2]));
        }
        var mean = RenderedTables.Numbers(rows.Single(r => r[0] == "mean ± sd")[3]);
        Near(report.MeanAccuracy * 100, mean[0], 0.005);
        Near(report.SdAccuracy!.Value * 100, mean[1], 0.005);
    }

    [Theory, MemberData(nameof(Formats))]
    public void Per_class_rates_are_those_of_report_json(string format)
    {
        var (report, tables) = Rendered(format);
        var rows = tables("Per-class rates");

        foreach (var (label, rates) in report.PerClass)
        {
            var row = rows.Single(r => r[0] == label);
            Assert.Equal(rates.Support!.Value, RenderedTables.Numbers(row[1]).Single());
            var expected = new[] { (rates.Precision, rates.Sd.Precision), (rates.Recall, rates.Sd.Recall), (rates.Specificity, rates.Sd.Specificity), (rates.F1, rates.Sd.F1) };
            for (var i = 0; i < expected.Length; i++)
            {
                var shown = RenderedTables.Numbers(row[2 + i]);
                Near(expected[i].Item1, shown[0], 0.0005);
                Near(expected[i].Item2!.Value, shown[1], 0.0005);
            }
        }
    }

    [Theory, MemberData(nameof(Formats))]
    public void The_depth_table_and_the_confusion_matrix_are_those_of_report_json(string format)
    {
        var (report, tables) = Rendered(format);

        var depth = tables("Accuracy by depth");
        Assert.Equal(["Depth", "Trained blocks", "Fold 1", "Fold 2", "Mean"], depth[0]);
        foreach (var row in report.DepthTable.Rows)
        {
            var shown = depth.Single(r => r[0] == row.Depth.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(string.Join(", ", row.TrainedBlocks), shown[1]);
            for (var i = 0; i < row.Cells.Count; i++)
            {
                Near(row.Cells[i].ValidationAccuracy!.Value * 100, RenderedTables.Numbers(shown[2 + i]).Single(), 0.005);
                Assert.Equal(row.Cells[i].Chosen, shown[2 + i].Contains('✓'));
            }
        }
        var tested = depth.Single(r => r[0] == "test accuracy at the chosen depth");
        for (var i = 0; i < report.Folds.Count; i++)
            Near(report.Folds[i].Accuracy * 100, RenderedTables.Numbers(tested[2 + i]).Single(), 0.005);

        var matrix = tables("Confusion matrix");
        var pooled = report.PooledConfusionMatrix;
        Assert.Equal(["true \\ predicted", .. pooled.Labels, "total"], matrix[0]);
        for (var t = 0; t < pooled.ClassCount; t++)
        {
            var row = matrix.Single(r => r[0] == pooled.Labels[t]);
            Assert.Equal(pooled.Counts[t].Select(c => (double)c), Enumerable.Range(1, pooled.ClassCount).Select(p => RenderedTables.Numbers(row[p])[0]));
            Assert.Equal(pooled.Actual(t), RenderedTables.Numbers(row[^1]).Single());
        }
    }

    [Theory, MemberData(nameof(Formats))]
    public void Decisions_comparison_and_learning_curves_show_report_json_numbers(string format)
    {
        var (report, tables) = Rendered(format);

        var decisions = tables("Supervisor decisions");
        Assert.Equal(1 + report.Folds.Sum(f => f.Decisions.Count), decisions.Count);
        var last = decisions[^1];
        var replayed = report.Folds[^1].Decisions[^1];
        Near(replayed.Metric * 100, RenderedTables.Numbers(last[2]).Single(), 0.005);
        Near(replayed.Gain!.Value * 100, RenderedTables.Numbers(last[4]).Single(), 0.005);
        Assert.Equal("stop", last[5]);
        Assert.Equal(replayed.Reason, last[7]);

        var comparison = tables("Comparison with published results");
        Assert.Equal(["this run (tiny)", "Swati et al. 2019 (VGG19)", "Cheng et al. 2015 (bag of words)"], comparison.Skip(1).Select(r => r[0]));
        Assert.Equal([94.82], RenderedTables.Numbers(comparison[2][1]));
        Assert.Equal([91.28], RenderedTables.Numbers(comparison[3][1]));

        var epochs = tables("Fold 2");
        var stage = report.Folds[1].Stages[1];
        var shown = epochs.Where(r => r[0] == "1").ToList();
        Assert.Equal(stage.Epochs.Count, shown.Count);
        for (var i = 0; i < shown.Count; i++)
        {
            Near(stage.Epochs[i].TrainLoss, RenderedTables.Numbers(shown[i][2]).Single(), 0.00005);
            Near(stage.Epochs[i].ValidationAccuracy * 100, RenderedTables.Numbers(shown[i][5]).Single(), 0.005);
            Assert.Equal(stage.Epochs[i].Epoch == stage.BestEpoch, shown[i][7] == "✓");
        }
    }

    [Fact]
    public void The_html_is_one_self_contained_page_with_its_charts_inline()
    {
        var html = Write().Html;

        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.DoesNotMatch(new Regex(@"(src|href)\s*=\s*[""']?\s*(https?:)?//", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex(@"url\(\s*[""']?\s*(https?:)?//|@import", RegexOptions.IgnoreCase), html);
        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        // Charts: test accuracy, accuracy by depth, and accuracy + loss for each of the two folds.
        Assert.Equal(2 + 2 * 2, Regex.Count(html, "<svg "));
        // Several SVGs in one page share one id space: every id must be unique.
        var ids = Regex.Matches(html, @"\sid=""([^""]+)""").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Contains("<figcaption>", html);
    }

    [Fact]
    public void The_markdown_has_no_charts_and_warns_that_random_weights_are_not_transfer_learning()
    {
        var markdown = Write().Markdown;

        Assert.DoesNotContain("<svg", markdown);
        Assert.Contains("> **Not transfer learning.** Random initial weights (no vgg19 weights file", markdown);
        Assert.Contains("**Mean test accuracy 27.15 ± 5.12 %**", markdown);
    }

    [Fact]
    public void Writing_needs_a_report_json_and_names_the_file_when_it_is_missing_or_not_a_report()
    {
        var folder = SampleRun.Copy();
        var missing = Assert.Throws<FileNotFoundException>(() => ReportWriter.Write(folder));
        Assert.Equal(Path.Combine(folder, "report.json"), missing.FileName);
        Assert.Equal($"{Path.Combine(folder, "report.json")}: not found; expected {ReportJson.Expected}", missing.Message);

        File.WriteAllText(ReportFiles.Json(folder), """{ "id": "tiny", "mean_accuracy": 0.5 }""");
        var partial = Assert.Throws<InvalidDataException>(() => ReportWriter.Write(folder));
        Assert.StartsWith($"{ReportFiles.Json(folder)}: not valid JSON for {ReportJson.Expected} (", partial.Message);
        Assert.Contains("sd_accuracy", partial.Message);

        File.WriteAllText(ReportFiles.Json(folder), "{ \"id\": ");
        Assert.StartsWith($"{ReportFiles.Json(folder)}: not valid JSON for {ReportJson.Expected} (", Assert.Throws<InvalidDataException>(() => ReportWriter.Write(folder)).Message);
        Assert.False(File.Exists(ReportFiles.Markdown(folder)));
        Assert.False(File.Exists(ReportFiles.Html(folder)));
    }

    /// <summary>The sample run's report written to a run folder as the grains do, then read back from the files.</summary>
    internal static (string Folder, string Markdown, string Html) Write()
    {
        var folder = SampleRun.Copy();
        ReportJson.Write(ReportFiles.Json(folder), ReportAssembler.Assemble(SampleRun.Load(folder)));
        var (markdown, html) = ReportWriter.Write(folder);
        return (folder, File.ReadAllText(markdown), File.ReadAllText(html));
    }

    /// <summary>The report as read back from report.json, and the tables of the chosen rendering.</summary>
    private static (ReportDocument Report, Func<string, List<string[]>> Tables) Rendered(string format)
    {
        var (folder, markdown, html) = Write();
        var report = ReportJson.Read(ReportFiles.Json(folder));
        return format == "md"
            ? (report, heading => RenderedTables.FromMarkdown(markdown, heading))
            : (report, heading => RenderedTables.FromHtml(html, heading));
    }

    private static void Near(double expected, double shown, double halfUnit) =>
        Assert.True(Math.Abs(expected - shown) <= halfUnit + 1e-12, $"shown {shown}, expected {expected} (within {halfUnit})");
}
