using System.Text.Json;
using System.Text.RegularExpressions;
using BrainTumor.Protocol.Supervision;
using BrainTumor.Reports.Building;

namespace BrainTumor.Reports.Tests;

/// <summary>report.json from the sample run: every number against hand-worked values, its keys, and the runs it refuses.</summary>
public sealed class ReportAssemblerTests
{
    // Fold 1 predicted meningioma for all 34 test slices (8 meningioma, 14 glioma, 12 pituitary);
    // fold 2 predicted pituitary for all 26 (12 meningioma, 6 glioma, 8 pituitary).
    private const double Fold1Accuracy = 8.0 / 34;
    private const double Fold2Accuracy = 8.0 / 26;

    [Fact]
    public void Accuracy_and_per_class_rates_are_the_hand_worked_ones()
    {
        var report = ReportAssembler.Assemble(SampleRun.Load(SampleRun.Fixture));

        Assert.Equal([1, 2], report.Folds.Select(f => f.Fold));
        Assert.Equal(Fold1Accuracy, report.Folds[0].Accuracy, 12);
        Assert.Equal(Fold2Accuracy, report.Folds[1].Accuracy, 12);
        Assert.Equal([1, 1], report.Folds.Select(f => f.Depth));
        Assert.Equal((Fold1Accuracy + Fold2Accuracy) / 2, report.MeanAccuracy, 12);
        Assert.Equal(Math.Abs(Fold1Accuracy - Fold2Accuracy) / Math.Sqrt(2), report.SdAccuracy!.Value, 12);

        var meningioma = report.PerClass["meningioma"];
        Assert.Equal((8.0 / 34 + 0) / 2, meningioma.Precision, 12);
        Assert.Equal(0.5, meningioma.Recall, 12);                 // 1 in fold 1, 0 in fold 2
        Assert.Equal(Math.Sqrt(0.5), meningioma.Sd.Recall!.Value, 12);
        Assert.Equal(0.5, meningioma.Specificity, 12);            // 0 in fold 1, 1 in fold 2
        Assert.Equal((16.0 / 42 + 0) / 2, meningioma.F1, 12);     // F1 = 2TP / (2TP + FP + FN) = 16 / (16 + 26 + 0)
        Assert.Equal(20, meningioma.Support);
        var pituitary = report.PerClass["pituitary"];
        Assert.Equal((0 + 8.0 / 26) / 2, pituitary.Precision, 12);
        Assert.Equal((0 + 16.0 / 34) / 2, pituitary.F1, 12);
        Assert.Equal(0, report.PerClass["glioma"].Recall);
        Assert.Equal(["meningioma", "glioma", "pituitary"], report.PerClass.Keys);

        // Pooled matrix: rows true, columns predicted, both folds' test slices once.
        Assert.Equal([[8, 0, 12], [14, 0, 6], [12, 0, 8]], report.PooledConfusionMatrix.Counts.Select(r => r.ToArray()));
        Assert.Equal([(10, 16, 34), (21, 13, 26)], report.Folds.Select(f => (f.TrainItems, f.ValidationItems, f.TestItems)));
    }

    [Fact]
    public void The_depth_table_has_each_folds_best_validation_accuracy_and_marks_the_chosen_depth()
    {
        var table = ReportAssembler.Assemble(SampleRun.Load(SampleRun.Fixture)).DepthTable;

        Assert.Equal("fixed:1", table.Policy);
        Assert.True(table.EveryDepthTrained);
        Assert.Equal([1, 2], table.Folds);
        Assert.Equal([0, 1], table.Rows.Select(r => r.Depth));
        Assert.Equal(["head"], table.Rows[0].TrainedBlocks);
        Assert.Equal(["block5", "head"], table.Rows[1].TrainedBlocks);
        Assert.Equal([0.4375, 5.0 / 13], table.Rows[0].Cells.Select(c => c.ValidationAccuracy!.Value));   // 7/16 and 5/13 validation slices right
        Assert.Equal([0.4375, 4.0 / 13], table.Rows[1].Cells.Select(c => c.ValidationAccuracy!.Value));
        Assert.Equal((0.4375 + 5.0 / 13) / 2, table.Rows[0].MeanValidationAccuracy!.Value, 12);
        Assert.All(table.Rows[0].Cells, c => Assert.False(c.Chosen));
        Assert.All(table.Rows[0].Cells, c => Assert.Null(c.TestAccuracy));
        Assert.All(table.Rows[1].Cells, c => Assert.True(c.Chosen));
        Assert.Equal([Fold1Accuracy, Fold2Accuracy], table.Rows[1].Cells.Select(c => c.TestAccuracy!.Value));
    }

    [Fact]
    public void Decisions_are_replayed_with_their_numbers()
    {
        var folds = ReportAssembler.Assemble(SampleRun.Load(SampleRun.Fixture)).Folds;

        Assert.All(folds, f => Assert.Equal([SupervisorAction.Deeper, SupervisorAction.Stop], f.Decisions.Select(d => d.Action)));
        var last = folds[1].Decisions[1];
        Assert.Equal(1, last.Depth);
        Assert.Equal(4.0 / 13, last.Metric, 12);
        Assert.Equal(5.0 / 13, last.BestBefore!.Value, 12);
        Assert.Equal(0, last.BestBeforeDepth);
        Assert.Equal(-1.0 / 13, last.Gain!.Value, 12);
        Assert.Equal(1, last.ChosenDepth);               // fixed:1 keeps depth 1 although depth 0 was better
        Assert.Equal(0, last.BestDepth);
        Assert.Null(folds[0].Decisions[0].Gain);
    }

    [Fact]
    public void Timings_add_up_the_stages_and_the_comparison_names_each_difference()
    {
        var report = ReportAssembler.Assemble(SampleRun.Load(SampleRun.Fixture));

        Assert.Equal(13.0690480, report.Timings.WallSeconds!.Value, 6);
        Assert.Equal(1.5253906 + 3.8947399 + 1.844236 + 1.3807734, report.Timings.TrainingSeconds, 9);
        Assert.Equal(0.609815 + 0.9300583 + 0.9808688 + 0.1525949, report.Timings.CacheBuildSeconds, 9);
        Assert.Null(report.Timings.TestSeconds);     // the fixture does not record test passes' times
        Assert.Equal([4, 4], report.Timings.Folds.Select(f => f.Epochs));

        var comparison = report.Comparison;
        Assert.Equal(["this run (tiny)", "Swati et al. 2019 (VGG19)", "Cheng et al. 2015 (bag of words)"], comparison.Rows.Select(r => r.Source));
        Assert.Equal([report.MeanAccuracy, 0.9482, 0.9128], comparison.Rows.Select(r => r.Accuracy));
        Assert.Equal(0.9482 - report.MeanAccuracy, comparison.GapToPaper, 12);
        var differences = string.Join("\n", comparison.Differences);
        Assert.Contains("60 slices (2.0% of the 3064", differences);
        Assert.Contains("Folds: 2 instead of 5", differences);
        Assert.Contains("Input: 64x64 instead of 224x224", differences);
        Assert.Contains("1/8 as wide", differences);
        Assert.Contains("not transfer learning", differences);
        Assert.Contains("at most 2 per stage", differences);
    }

    [Fact]
    public void Report_json_is_snake_case_throughout_and_leads_with_the_keys_scripts_read()
    {
        var json = JsonDocument.Parse(ReportJson.Serialize(ReportAssembler.Assemble(SampleRun.Load(SampleRun.Fixture)))).RootElement;

        Assert.Equal(["id", "mean_accuracy", "sd_accuracy", "folds", "per_class"], json.EnumerateObject().Take(5).Select(p => p.Name));
        foreach (var fold in json.GetProperty("folds").EnumerateArray())
            foreach (var key in new[] { "fold", "accuracy", "depth" })
                Assert.Equal(JsonValueKind.Number, fold.GetProperty(key).ValueKind);
        foreach (var label in json.GetProperty("per_class").EnumerateObject())
            foreach (var key in new[] { "precision", "recall", "specificity", "f1" })
                Assert.Equal(JsonValueKind.Number, label.Value.GetProperty(key).ValueKind);
        Assert.Equal(64, json.GetProperty("spec").GetProperty("input_size").GetInt32());
        Assert.Equal(8, json.GetProperty("spec").GetProperty("width_divisor").GetInt32());

        var names = new List<string>();
        Collect(json, names);
        Assert.NotEmpty(names);
        Assert.All(names, name => Assert.Matches(new Regex("^[a-z][a-z0-9_]*$"), name));
    }

    [Fact]
    public void A_test_pass_at_another_depth_than_the_policy_chooses_is_refused()
    {
        var run = SampleRun.Load(SampleRun.Fixture);
        run = run with { Folds = [run.Folds[0] with { TestedDepth = 0 }, run.Folds[1]] };

        var error = Assert.Throws<InvalidDataException>(() => ReportAssembler.Assemble(run));
        Assert.Equal("fold 1: fixed:1 chooses depth 1 from the stored stages, but the test pass used depth 0", error.Message);
    }

    [Fact]
    public void Stages_that_stop_short_of_the_policy_or_go_past_it_are_refused()
    {
        var run = SampleRun.Load(SampleRun.Fixture);

        var unfinished = Assert.Throws<InvalidDataException>(() => ReportAssembler.Assemble(run with { Spec = run.Spec with { Policy = "fixed:2" } }));
        Assert.StartsWith("fold 1: fixed:2 does not stop after its last stored stage (depth 1)", unfinished.Message);

        var beyond = Assert.Throws<InvalidDataException>(() => ReportAssembler.Assemble(run with { Spec = run.Spec with { Policy = "fixed:0" } }));
        Assert.StartsWith("fold 1: its stages do not form a ladder the policy can replay: fixed:0: the history reaches depth 1", beyond.Message);
    }

    [Fact]
    public void A_test_pass_of_another_size_than_the_fold_plan_says_is_refused()
    {
        var run = SampleRun.Load(SampleRun.Fixture);
        var plan = run.Plan with { Folds = [run.Plan.Folds[0] with { Test = [.. run.Plan.Folds[0].Test.Skip(1)] }, run.Plan.Folds[1]] };

        var error = Assert.Throws<InvalidDataException>(() => ReportAssembler.Assemble(run with { Plan = plan }));
        Assert.Equal("fold 1: the test pass evaluated 34 items, the fold plan's test part has 33", error.Message);
    }

    private static void Collect(JsonElement element, List<string> names)
    {
        if (element.ValueKind == JsonValueKind.Object)
            foreach (var property in element.EnumerateObject())
            {
                names.Add(property.Name);
                Collect(property.Value, names);
            }
        else if (element.ValueKind == JsonValueKind.Array)
            foreach (var item in element.EnumerateArray())
                Collect(item, names);
    }
}
