using System.Text.Json;
using BrainTumor.Contracts;
using BrainTumor.Grains.Experiments;
using BrainTumor.Learning.Backbones;
using BrainTumor.Protocol.Specs;
using BrainTumor.Testing;
using BrainTumor.Protocol.Supervision;

namespace BrainTumor.Grains.Tests;

/// <summary>
/// The report of a finished experiment from its grains' record and its run folder (the real run in
/// tests/fixtures/sample-run/tiny, copied), without a silo: what the experiment grain does when its
/// last fold ends.
/// </summary>
public sealed class ReportBuilderTests
{
    [Fact]
    public void A_finished_run_gets_report_json_md_and_html_and_the_contract_carries_the_same_numbers()
    {
        var (experiment, weights) = Finished(Decisions(deeperAt0: true));

        var report = ReportBuilder.Build(experiment, weights);

        Assert.Equal(Path.Combine(experiment.RunFolder, "report.json"), report.ReportPath);
        Assert.True(File.Exists(Path.Combine(experiment.RunFolder, "report.md")));
        Assert.True(File.Exists(Path.Combine(experiment.RunFolder, "report.html")));
        var json = JsonDocument.Parse(File.ReadAllText(report.ReportPath)).RootElement;
        Assert.Equal(json.GetProperty("mean_accuracy").GetDouble(), report.MeanAccuracy);
        Assert.Equal((8.0 / 34 + 8.0 / 26) / 2, report.MeanAccuracy, 12);
        Assert.Equal([(1, 8.0 / 34, 1), (2, 8.0 / 26, 1)], report.Folds.Select(f => (f.Fold, f.Accuracy, f.Depth)));
        Assert.Equal(json.GetProperty("per_class").GetProperty("meningioma").GetProperty("f1").GetDouble(), report.PerClass["meningioma"].F1);
        Assert.Equal("vgg19", json.GetProperty("spec").GetProperty("backbone").GetString());
        Assert.Equal(0.75 + 0.5, json.GetProperty("timings").GetProperty("test_seconds").GetDouble(), 12);
        var weightsFile = Path.Combine(weights, "vgg19-dcbb9e9d.pth");
        Assert.False(json.GetProperty("starting_weights").GetProperty("pretrained").GetBoolean());
        Assert.Equal($"Random initial weights (no vgg19 weights file at {weightsFile} when the report was written)",
            json.GetProperty("starting_weights").GetProperty("description").GetString());
    }

    [Theory]
    [InlineData("vgg19", 224, new[] { "block1", "block2", "block3", "block4", "block5", "head" })]
    [InlineData("resnet18-imagenet", 224, new[] { "stem", "layer1", "layer2", "layer3", "layer4", "head" })]
    public void The_report_gets_the_backbones_input_size_and_block_names_from_its_definition(string name, int inputSize, string[] blocks)
    {
        var facts = ReportBuilder.Facts(BackboneRegistry.Get(name));

        Assert.Equal((name, inputSize), (facts.Name, facts.InputSize));
        Assert.Equal(blocks, facts.Blocks);
        Assert.Equal([blocks[^2], "head"], facts.TrainedAt(1));
    }

    [Fact]
    public void A_recorded_decision_that_the_stored_stages_do_not_give_is_refused_and_no_report_is_written()
    {
        var (experiment, weights) = Finished(Decisions(deeperAt0: false));

        var error = Assert.Throws<InvalidDataException>(() => ReportBuilder.Build(experiment, weights));

        Assert.Equal("fold 1, decision 1: the supervisor recorded stop after depth 0 (chosen 0), but its policy on the stored stages gives deeper after depth 0 (chosen 0); " +
                     "the run folder does not match the experiment's record", error.Message);
        Assert.False(File.Exists(Path.Combine(experiment.RunFolder, "report.json")));
    }

    private static IReadOnlyList<DecisionInfo> Decisions(bool deeperAt0) =>
    [
        new(0, deeperAt0 ? SupervisorAction.Deeper : SupervisorAction.Stop, 0, 0.4375, null, "recorded by the supervisor", "fixed:1"),
        new(1, SupervisorAction.Stop, 1, 0.4375, 0, "recorded by the supervisor", "fixed:1"),
    ];

    /// <summary>The sample run as its experiment grain describes it once both folds have completed (test passes of 0.75 s and 0.5 s).</summary>
    private static (ExperimentInfo Experiment, string WeightsDirectory) Finished(IReadOnlyList<DecisionInfo> fold1Decisions)
    {
        var root = TestPaths.NewTempDirectory("report-builder");
        var run = TestPaths.CopyFixture("sample-run/tiny", Path.Combine(root, "tiny"));
        var stages = new[] { 0, 1 }.Select(d => new StageSummary(d, 2, 1, 0.5, 1.0, false, 1.0, "cache")).ToList();
        var fold2Decisions = new DecisionInfo[]
        {
            new(0, SupervisorAction.Deeper, 0, 5.0 / 13, null, "recorded by the supervisor", "fixed:1"),
            new(1, SupervisorAction.Stop, 1, 4.0 / 13, -1.0 / 13, "recorded by the supervisor", "fixed:1"),
        };
        FoldInfo Fold(int fold, IReadOnlyList<DecisionInfo> decisions, double testSeconds) =>
            new(fold, RunStatus.Completed, 1, stages, decisions, new TestSummary(1, 0, 0, 0, testSeconds), null, null);
        var spec = SpecJson.Read(File.ReadAllText(Path.Combine(run, "spec.json")), "spec.json");
        var experiment = new ExperimentInfo("tiny", spec, RunStatus.Completed,
            DateTimeOffset.Parse("2026-11-26T01:18:31Z", System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse("2026-11-26T01:18:44Z", System.Globalization.CultureInfo.InvariantCulture),
            run, [Fold(1, fold1Decisions, 0.75), Fold(2, fold2Decisions, 0.5)], null);
        return (experiment, Path.Combine(root, "weights"));
    }
}
