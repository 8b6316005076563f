using BrainTumor.Contracts;
using System.Text.Json.Nodes;
using BrainTumor.Testing;
using BrainTumor.Protocol.Supervision;

namespace BrainTumor.Grains.Tests;

/// <summary>Whole experiments through the grains on a real in-process silo and its CPU trainer.</summary>
[Collection(SiloCollection.Name)]
public sealed class ExperimentLifecycleTests(TestSilo silo)
{
    [Fact]
    public async Task A_tiny_experiment_walks_every_fold_up_its_ladder_and_reports()
    {
        var started = await silo.Experiment("tiny").Start(TestSilo.TinySpec());
        Assert.Equal(RunStatus.Running, started.Status);
        Assert.Equal([1, 2], started.Folds.Select(f => f.Fold));

        var done = await silo.WaitFinal("tiny");
        Assert.Equal(RunStatus.Completed, done.Status);
        foreach (var fold in done.Folds)
        {
            Assert.Equal(RunStatus.Completed, fold.Status);
            Assert.Equal([0, 1], fold.Stages.Select(s => s.Depth));       // fixed:1 trains depths 0 and 1
            Assert.All(fold.Stages, s => Assert.Equal(2, s.EpochsRun));
            Assert.Equal([SupervisorAction.Deeper, SupervisorAction.Stop], fold.Decisions.Select(d => d.Action));
            Assert.Equal(1, fold.Test!.Depth);
            foreach (var depth in new[] { 0, 1 })
                Assert.True(File.Exists(Path.Combine(done.RunFolder, $"fold-{fold.Fold}", $"stage-{depth}.pt")));
        }
        // The seeded run's test numbers, exactly: a change of seeding, stage order or arithmetic shows here.
        Assert.Equal("fold 1: accuracy 0.23529411764705882, loss 1.1027414027382345; fold 2: accuracy 0.3076923076923077, loss 1.1004009705323439", string.Join("; ", done.Folds.Select(f => FormattableString.Invariant($"fold {f.Fold}: accuracy {f.Test!.Accuracy:R}, loss {f.Test.Loss:R}"))));

        var report = await silo.Experiment("tiny").GetReport();
        Assert.Equal(done.Folds.Select(f => f.Test!.Accuracy).Average(), report.MeanAccuracy, 9);
        Assert.Equal(["glioma", "meningioma", "pituitary"], report.PerClass.Keys.Order());
        Assert.True(File.Exists(report.ReportPath));
        Assert.Contains("\"mean_accuracy\"", await File.ReadAllTextAsync(report.ReportPath));
        Assert.True(File.Exists(Path.Combine(done.RunFolder, "report.md")));
        Assert.Contains("<svg ", await File.ReadAllTextAsync(Path.Combine(done.RunFolder, "report.html")));

        // The report is written once, at completion: reading it again writes nothing; a rebuild writes it again.
        var markdown = Path.Combine(done.RunFolder, "report.md");
        var written = File.GetLastWriteTimeUtc(report.ReportPath);
        File.Delete(markdown);
        var again = await silo.Experiment("tiny").GetReport();
        Assert.Equal(report.MeanAccuracy, again.MeanAccuracy);
        Assert.Equal(report.PerClass["meningioma"].Recall, again.PerClass["meningioma"].Recall);
        Assert.Equal(written, File.GetLastWriteTimeUtc(report.ReportPath));
        Assert.False(File.Exists(markdown));
        var rebuilt = await silo.Experiment("tiny").RebuildReport();
        Assert.Equal(report.MeanAccuracy, rebuilt.MeanAccuracy);
        Assert.True(File.Exists(markdown));
        File.Delete(report.ReportPath);
        var missing = await Assert.ThrowsAsync<FileNotFoundException>(() => silo.Experiment("tiny").GetReport());
        Assert.Contains("--rebuild", missing.Message);
        await silo.Experiment("tiny").RebuildReport();
        // A damaged record in the run folder: the rebuild is refused naming the file, and the report already written stays.
        var testJson = BrainTumor.Grains.Training.RunLayout.TestResult((await silo.Experiment("tiny").GetInfo())!.RunFolder, 1);
        var intact = File.ReadAllText(testJson);
        File.WriteAllText(testJson, intact[..(intact.Length / 2)]);
        var damaged = await Assert.ThrowsAsync<InvalidDataException>(() => silo.Experiment("tiny").RebuildReport());
        Assert.StartsWith($"{testJson}: not valid JSON for fold 1's test record (", damaged.Message);
        Assert.Equal(report.MeanAccuracy, (await silo.Experiment("tiny").GetReport()).MeanAccuracy);
        File.WriteAllText(testJson, intact);
        Assert.Equal(report.MeanAccuracy, (await silo.Experiment("tiny").RebuildReport()).MeanAccuracy);

        // The log tells the story: start, queued stages, epochs, decisions, the end (stages report
        // directly, so a stage's last line may land just after the experiment's).
        var events = await silo.Experiment("tiny").GetEvents(0);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal(ExperimentEventKind.Started, events[0].Kind);
        Assert.Contains("mean test accuracy", Assert.Single(events, e => e.Kind == ExperimentEventKind.Completed).Message);
        Assert.Equal(2 * 2, events.Count(e => e.Kind == ExperimentEventKind.Decision));
        Assert.Equal(2 * 2 * 2, events.Count(e => e.Kind == ExperimentEventKind.Epoch));
        Assert.Contains(await silo.Grains.GetGrain<IExperimentRegistryGrain>(0).List(), id => id == "tiny");
    }

    [Fact]
    public async Task A_refitting_experiment_trains_the_kept_stages_again_on_training_and_validation_and_tests_that_model()
    {
        await silo.Experiment("tiny-refit").Start(TestSilo.TinySpec() with { Refit = true });
        var done = await silo.WaitFinal("tiny-refit");
        Assert.Equal(RunStatus.Completed, done.Status);
        foreach (var fold in done.Folds)
        {
            Assert.Equal([0, 1], fold.Stages.Select(s => s.Depth));
            Assert.Equal(1, fold.Test!.Depth);
            var folder = Path.Combine(done.RunFolder, $"fold-{fold.Fold}");
            foreach (var stage in fold.Stages)
            {
                Assert.True(File.Exists(Path.Combine(folder, $"refit-{stage.Depth}.pt")));
                // Each refit stage ran the epochs its ladder stage took to its best, every one kept.
                var refit = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, $"refit-{stage.Depth}.json")))!;
                Assert.Equal(Math.Max(1, stage.BestEpoch), refit["epochs_run"]!.GetValue<int>());
                Assert.Equal(refit["epochs_run"]!.GetValue<int>(), refit["best_epoch"]!.GetValue<int>());
            }
        }
        var events = await silo.Experiment("tiny-refit").GetEvents(0);
        Assert.Equal(2 * 2, events.Count(e => e.Kind == ExperimentEventKind.StageStarted && e.Message.Contains(" refit ")));
        // A refit's progress counts its own epochs: "epoch k/N" with N the epochs it runs.
        var refitEpochs = events.Where(e => e.Kind == ExperimentEventKind.Epoch && e.Message.Contains(" refit ")).ToList();
        Assert.NotEmpty(refitEpochs);
        Assert.All(refitEpochs, e => Assert.Equal(Math.Max(1, done.Folds.Single(f => f.Fold == e.Fold).Stages[e.Depth!.Value].BestEpoch), e.Epoch!.MaxEpochs));
        var report = await File.ReadAllTextAsync(Path.Combine(done.RunFolder, "report.md"));
        Assert.Contains("trained again, stage by stage up to the chosen depth", report);
    }

    [Fact]
    public async Task Three_experiments_on_one_cpu_trainer_run_first_in_first_out_one_job_at_a_time()
    {
        var ids = new[] { "fifo-a", "fifo-b", "fifo-c" };
        foreach (var id in ids)
            await silo.Experiment(id).Start(TestSilo.TinySpec(policy: "fixed:0", epochs: 1, maxItems: 30));
        var finished = new List<ExperimentInfo>();
        foreach (var id in ids)
            finished.Add(await silo.WaitFinal(id));
        Assert.All(finished, f => Assert.Equal(RunStatus.Completed, f.Status));
        Assert.True(finished[0].Finished < finished[1].Finished && finished[1].Finished < finished[2].Finished,
            string.Join(", ", finished.Select(f => $"{f.Id} {f.Finished:O}")));

        // Every job's start..end on the device (the trainer's clock): in the order queued, none overlapping.
        var jobs = new List<StageInfo>();
        foreach (var id in ids)
            foreach (var fold in new[] { 1, 2 })
                foreach (int? depth in new int?[] { 0, null })
                    jobs.Add((await silo.Grains.GetGrain<IStageGrain>(StageKeys.Of(id, fold, depth)).GetInfo())!);
        var ordered = jobs.OrderBy(j => j.Started).ToList();
        Assert.Equal(
            ["fifo-a/1/0", "fifo-a/2/0", "fifo-b/1/0", "fifo-b/2/0", "fifo-c/1/0", "fifo-c/2/0",
             "fifo-a/1/test", "fifo-a/2/test", "fifo-b/1/test", "fifo-b/2/test", "fifo-c/1/test", "fifo-c/2/test"],
            ordered.Select(j => j.Key));
        for (var i = 1; i < ordered.Count; i++)
            Assert.True(ordered[i].Started >= ordered[i - 1].Ended, $"{ordered[i].Key} started before {ordered[i - 1].Key} ended");
    }

    [Fact]
    public async Task Cancel_stops_the_running_stage_within_a_batch_frees_the_device_and_resume_finishes_from_the_checkpoint()
    {
        var id = "cancel-me";
        // The first stage to train, fold 1's stage 0, holds the second batch of its third epoch until it is cancelled.
        silo.Pause.Arm(epoch: 3, batch: 2);
        await silo.Experiment(id).Start(TestSilo.TinySpec(policy: "fixed:0", epochs: 30, maxItems: 120) with { Patience = 30 });
        await TestSilo.WaitFor(() => Task.FromResult(silo.Pause.Holding));

        // Calls are answered while the device trains.
        var devices = await silo.Grains.GetGrain<IDeviceDirectoryGrain>(0).List().WaitAsync(TimeSpan.FromSeconds(5));
        var trainer = Assert.Single(devices);
        Assert.Equal("cpu", trainer.Device);
        Assert.Equal("cancel-me/1/0", trainer.RunningJob);

        var cancelled = await silo.Experiment(id).Cancel();
        Assert.Equal(RunStatus.Cancelled, cancelled.Status);
        var registry = silo.Grains.GetGrain<IExperimentRegistryGrain>(0);
        Assert.DoesNotContain(id, await registry.Running()); // a silo start would not wake it
        Assert.Contains(id, await registry.List());
        var status = silo.Grains.GetGrain<ITrainerGrain>(trainer.TrainerKey);
        await TestSilo.WaitFor(async () => (await status.GetStatus()) is { RunningJob: null });
        Assert.Equal(0, silo.Pause.StartedAfterCancel); // the batch in flight ran on, and the stage started no other
        Assert.Empty((await status.GetStatus()).Queue); // fold 2's queued stage left with the cancel
        var beforeResume = await silo.Experiment(id).GetEvents(0);
        var lastEpoch = beforeResume.Where(e => e.Kind == ExperimentEventKind.Epoch && e.Fold == 1).Max(e => e.Epoch!.Epoch);
        Assert.Equal(2, lastEpoch); // epoch 3 was cut short: neither finished nor validated

        var resumed = await silo.Experiment(id).Resume();
        Assert.Equal(RunStatus.Running, resumed.Status);
        Assert.Contains(id, await registry.Running());
        var done = await silo.WaitFinal(id);
        Assert.Equal(RunStatus.Completed, done.Status);
        await TestSilo.WaitFor(async () => !(await registry.Running()).Contains(id)); // told one-way as the experiment ends
        Assert.All(done.Folds, f => Assert.Equal(30, f.Stages.Single().EpochsRun));
        // Fold 1 carried on from its checkpoint: the second attempt's first epoch is the one after the last one finished.
        var stage = (await silo.Grains.GetGrain<IStageGrain>(StageKeys.Of(id, 1, 0)).GetInfo())!;
        Assert.Equal(2, stage.Attempts);
        Assert.Equal(lastEpoch + 1, stage.FirstEpoch);
        var afterResume = await silo.Experiment(id).GetEvents(beforeResume[^1].Sequence);
        Assert.Contains(afterResume, e => e.Kind == ExperimentEventKind.StageResumed && e.Fold == 1 && e.Epoch!.Epoch == lastEpoch + 1);
    }
}
