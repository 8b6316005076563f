using System.Text.Json;
using System.Text.Json.Nodes;
using BrainTumor.Contracts;
using BrainTumor.Protocol.Supervision;

namespace BrainTumor.Grains.Tests;

/// <summary>An experiment whose deeper stages diverge, through the grains on a real in-process silo.</summary>
[Collection(SiloCollection.Name)]
public sealed class DivergedStageTests(TestSilo silo)
{
    // NaN or Infinity as a value, outside a string (failure reasons name them).
    private const string NonFiniteNumber = @"[:\[,]\s*""?-?(NaN|Infinity)";

    [Fact]
    public async Task A_stage_that_diverges_fails_with_its_reason_and_the_experiment_completes_at_the_best_finished_depth()
    {
        // With every block at the head's rate, 3 keeps stage 0 finite and makes stage 1's loss NaN in both folds.
        await silo.Experiment("tiny-diverged").Start(TestSilo.TinySpec("exhaustive") with { LearningRate = 3, BlockLrFactor = 1 });
        var done = await silo.WaitFinal("tiny-diverged");
        Assert.Equal(RunStatus.Completed, done.Status);

        var failures = new Dictionary<int, string>
        {
            [1] = "the validation loss became NaN at epoch 2",
            [2] = "the training loss became NaN and the validation loss became NaN at epoch 1",
        };
        var markdown = await File.ReadAllTextAsync(Path.Combine(done.RunFolder, "report.md"));
        foreach (var fold in done.Folds)
        {
            var failure = failures[fold.Fold];
            Assert.Equal(RunStatus.Completed, fold.Status);
            Assert.Equal([(0, null), (1, failure)], fold.Stages.Select(s => (s.Depth, s.Failure)));
            Assert.Equal([SupervisorAction.Deeper, SupervisorAction.Stop], fold.Decisions.Select(d => d.Action));
            Assert.Equal(0, fold.Decisions[^1].ChosenDepth);
            Assert.StartsWith($"depth 1 failed: {failure}; keeping the best finished depth 0", fold.Decisions[^1].Reason);
            Assert.Equal(0, fold.Test!.Depth);

            // stage-1.json is strict JSON: the failure, and null for the diverged numbers.
            var stage = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(done.RunFolder, $"fold-{fold.Fold}", "stage-1.json")))!;
            Assert.Equal(failure, stage["failure"]!.GetValue<string>());
            Assert.Null(stage["epochs"]!.AsArray()[^1]!["validation_loss"]);
            Assert.Contains($"Stage 1 **failed**: {failure}", markdown);
        }
        // Fold 1's stage 1 had a finite first epoch that beat depth 0 on validation: a failed stage is still not kept.
        Assert.True(done.Folds[0].Stages[1].BestValidationAccuracy > done.Folds[0].Stages[0].BestValidationAccuracy);

        var report = await silo.Experiment("tiny-diverged").GetReport();
        Assert.All(report.Folds, f => Assert.Equal(0, f.Depth));
        Assert.NotNull(JsonNode.Parse(await File.ReadAllTextAsync(report.ReportPath)));
        var events = await silo.Experiment("tiny-diverged").GetEvents(0);
        Assert.Equal(2, events.Count(e => e.Kind == ExperimentEventKind.Decision && e.Message.Contains("depth 1 failed", StringComparison.Ordinal)));
        // The diverged epochs' NaN reach the log and the client as JSON null.
        Assert.Contains(events, e => e.Epoch is { } epoch && double.IsNaN(epoch.ValidationLoss));
        Assert.DoesNotMatch(NonFiniteNumber, JsonSerializer.Serialize(events));
        Assert.DoesNotMatch(NonFiniteNumber, await File.ReadAllTextAsync(Path.Combine(done.RunFolder, "events.jsonl")));
    }

    [Fact]
    public async Task A_fold_whose_stage_0_diverges_fails_the_experiment_with_the_reason_and_a_resume_keeps_it_failed()
    {
        // 1e5 makes stage 0's loss NaN in both folds: no depth to test.
        await silo.Experiment("tiny-diverged-0").Start(TestSilo.TinySpec("adaptive", folds: 2) with { LearningRate = 1e5, BlockLrFactor = 1 });
        var done = await silo.WaitFinal("tiny-diverged-0");
        Assert.Equal(RunStatus.Failed, done.Status);
        Assert.Equal("fold 1: stage 0 failed: the training loss became NaN and the validation loss became NaN at epoch 2; no finished depth to test", done.Error);
        Assert.Equal(["stage 0 failed: the training loss became NaN and the validation loss became NaN at epoch 2; no finished depth to test",
                      "stage 0 failed: the validation loss became NaN at epoch 1; no finished depth to test"], done.Folds.Select(f => f.Error));
        Assert.All(done.Folds, f => Assert.Equal((RunStatus.Failed, 1, 0), (f.Status, f.Stages.Count, f.Decisions.Count)));
        Assert.All(done.Folds, f => Assert.Null(f.Test));

        var resumed = await silo.Experiment("tiny-diverged-0").Resume();
        Assert.Equal((RunStatus.Failed, done.Error), (resumed.Status, resumed.Error));
        Assert.Equal([RunStatus.Failed, RunStatus.Failed], resumed.Folds.Select(f => f.Status));
    }
}
