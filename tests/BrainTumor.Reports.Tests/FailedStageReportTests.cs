using BrainTumor.Protocol.Supervision;
using BrainTumor.Reports.Building;
using BrainTumor.Reports.Rendering;

namespace BrainTumor.Reports.Tests;

/// <summary>A run whose fold 1 diverged at depth 1: the report replays the ladder's stop, shows the failure and carries no NaN.</summary>
public sealed class FailedStageReportTests
{
    private const string Failure = "the training loss became NaN and the validation loss became Infinity at epoch 2";

    /// <summary>The sample run with fold 1's stage 1 failed in its last epoch, so fold 1 tested depth 0.</summary>
    private static ExperimentRun Diverged()
    {
        var run = SampleRun.Load(SampleRun.Fixture);
        var fold = run.Folds[0];
        var stage = fold.Stages[1];
        var last = stage.Epochs[^1] with { TrainLoss = double.NaN, ValidationLoss = double.PositiveInfinity, Improved = false };
        var failed = stage with { Epochs = [.. stage.Epochs.SkipLast(1), last], Failure = Failure };
        return run with { Folds = [fold with { Stages = [fold.Stages[0], failed], TestedDepth = 0 }, run.Folds[1]] };
    }

    [Fact]
    public void The_failed_stage_stops_the_replayed_ladder_at_the_best_finished_depth()
    {
        var report = ReportAssembler.Assemble(Diverged());

        var decisions = report.Folds[0].Decisions;
        Assert.Equal([SupervisorAction.Deeper, SupervisorAction.Stop], decisions.Select(d => d.Action));
        Assert.Equal(0, decisions[^1].ChosenDepth);
        Assert.Equal($"depth 1 failed: {Failure}; keeping the best finished depth 0 (accuracy 0.4375)", decisions[^1].Reason);
        Assert.Equal(0, report.Folds[0].Depth);
        // The failed stage has no accuracy in the depth table; fold 2's stage 1 has its own.
        Assert.Equal([null, 4.0 / 13], report.DepthTable.Rows[1].Cells.Select(c => c.ValidationAccuracy));
        Assert.Equal([true, false], report.DepthTable.Rows[0].Cells.Select(c => c.Chosen));
    }

    [Fact]
    public void A_test_pass_at_the_failed_depth_is_refused()
    {
        var run = Diverged();
        run = run with { Folds = [run.Folds[0] with { TestedDepth = 1 }, run.Folds[1]] };
        var error = Assert.Throws<InvalidDataException>(() => ReportAssembler.Assemble(run));
        Assert.Equal("fold 1: fixed:1 chooses depth 0 from the stored stages, but the test pass used depth 1", error.Message);
    }

    [Fact]
    public void Report_json_holds_null_for_the_diverged_numbers_and_the_documents_show_the_failure()
    {
        var report = ReportAssembler.Assemble(Diverged());
        var json = ReportJson.Serialize(report);
        Assert.DoesNotMatch(@"[:\[,]\s*""?-?(NaN|Infinity)", json);
        Assert.Contains("\"train_loss\": null", json);
        Assert.Contains($"\"failure\": \"{Failure}\"", json);

        var markdown = MarkdownReport.Render(report, charts: null);
        Assert.Contains($"Stage 1 **failed**: {Failure}; the ladder stopped there and kept the best finished depth.", markdown);
        Assert.Contains("| — |", markdown);
        Assert.Contains($"Stage 1 <strong>failed</strong>: {Failure}", HtmlReport.Render(report));
    }
}
