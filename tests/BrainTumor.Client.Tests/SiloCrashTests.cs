using Xunit.Abstractions;
using BrainTumor.Contracts;
using BrainTumor.Testing;

namespace BrainTumor.Client.Tests;

/// <summary>kill -9 of the silo in the middle of a stage: after a restart the experiment carries on from the last epoch checkpoint.</summary>
public sealed class SiloCrashTests(ITestOutputHelper output)
{
    [Fact]
    public async Task An_embedded_silo_killed_mid_stage_resumes_after_restart_and_ends_with_the_uninterrupted_metrics()
    {
        var folder = TestPaths.NewTempDirectory("crash");
        var ports = FreePorts.Take(2);
        int siloPort = ports[0], gatewayPort = ports[1];
        var clusterId = $"crash-{Guid.NewGuid():N}";
        var environment = new Dictionary<string, string>
        {
            ["BrainTumor__Cluster__SiloPort"] = siloPort.ToString(),
            ["BrainTumor__Cluster__GatewayPort"] = gatewayPort.ToString(),
            ["BrainTumor__Cluster__ClusterId"] = clusterId,
            ["BrainTumor__Experiments__DataRoots__0"] = Path.Combine(TestPaths.RepoRoot, "data"),
            ["BrainTumor__Experiments__WatchdogPeriod"] = "00:00:02",
            ["BrainTumor__Experiments__CheckpointInterval"] = "00:00:00", // every epoch: the kill lands after a checkpointed one
        };
        // Enough epochs that the stage to kill is caught in its first half, far from its end: the kill
        // must land while it trains, and a tiny model's epoch takes about as long as a poll.
        var spec = SiloProcess.TinySpec(epochs: 20);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        // First life: run until fold 1's stage 0 has finished and fold 2's stage 0 has checkpointed an epoch, then kill -9.
        string fold1Weights, fold2Checkpoint;
        DateTime fold1WeightsWritten;
        await using (var first = await SiloProcess.Start(folder, environment))
        {
            using var client = await SiloProcess.Client(gatewayPort, clusterId);
            var experiment = SiloProcess.Grains(client).GetGrain<IExperimentGrain>("crash");
            var runFolder = (await experiment.Start(spec)).RunFolder;
            fold1Weights = Path.Combine(runFolder, "fold-1", "stage-0.pt");
            fold2Checkpoint = Path.Combine(runFolder, "fold-2", "stage-0.ckpt");
            await SiloProcess.WaitFor(async () =>
            {
                var events = await experiment.GetEvents(0);
                var fold2Epochs = events.Where(e => e.Kind == ExperimentEventKind.Epoch && e.Fold == 2 && e.Depth == 0).Select(e => e.Epoch!.Epoch).ToList();
                return events.Any(e => e.Kind == ExperimentEventKind.StageCompleted && e.Fold == 1 && e.Depth == 0)
                       && fold2Epochs.Count > 0 && fold2Epochs.Max() <= spec.Epochs / 2;
            }, "fold 2 stage 0 in its first half");
            await first.Kill();
            output.WriteLine($"{clock.Elapsed}: killed");
        }
        // The killed stage had checkpointed at least one epoch and not finished; the one before it had.
        var (checkpointed, finished) = CheckpointHeader.Read(fold2Checkpoint);
        output.WriteLine($"fold 2 stage 0 killed after {checkpointed} checkpointed epoch(s)");
        Assert.InRange(checkpointed, 1, spec.Epochs - 1);
        Assert.False(finished);
        Assert.False(File.Exists(Path.ChangeExtension(fold2Checkpoint, ".pt")));
        fold1WeightsWritten = File.GetLastWriteTimeUtc(fold1Weights);

        // Second life: the restarted silo wakes the experiment, which finishes; then the same spec uninterrupted.
        await using var second = await SiloProcess.Start(folder, environment);
        using var again = await SiloProcess.Client(gatewayPort, clusterId);
        var grains = SiloProcess.Grains(again);
        var crashed = grains.GetGrain<IExperimentGrain>("crash");
        await SiloProcess.WaitFor(async () => (await crashed.GetInfo())!.Status.IsFinal(), "the resumed experiment to end");
        var resumed = (await crashed.GetInfo())!;
        output.WriteLine($"{clock.Elapsed}: resumed run ended");
        Assert.Equal(RunStatus.Completed, resumed.Status);

        var straight = grains.GetGrain<IExperimentGrain>("straight");
        await straight.Start(spec);
        await SiloProcess.WaitFor(async () => (await straight.GetInfo())!.Status.IsFinal(), "the uninterrupted experiment to end");
        var reference = (await straight.GetInfo())!;
        output.WriteLine($"{clock.Elapsed}: uninterrupted run ended");
        foreach (var line in second.Output.Where(l => l.Contains("warn", StringComparison.OrdinalIgnoreCase) || l.Contains("fail", StringComparison.OrdinalIgnoreCase)).Take(30))
            output.WriteLine(line);
        Assert.Equal(RunStatus.Completed, reference.Status);

        foreach (var (a, b) in resumed.Folds.Zip(reference.Folds))
        {
            Assert.Equal(b.Test!.Accuracy, a.Test!.Accuracy);
            Assert.Equal(b.Test.Loss, a.Test.Loss, 6);
            Assert.Equal(b.Stages.Select(s => (s.Depth, s.EpochsRun, s.BestEpoch, s.BestValidationAccuracy)),
                         a.Stages.Select(s => (s.Depth, s.EpochsRun, s.BestEpoch, s.BestValidationAccuracy)));
        }
        // The stage that had finished before the crash was not trained again; the killed one was queued
        // twice and its second attempt started at the epoch after its checkpoint.
        var before = (await grains.GetGrain<IStageGrain>(StageKeys.Of("crash", 1, 0)).GetInfo())!;
        Assert.Equal((1, 1), (before.Attempts, before.FirstEpoch));
        Assert.Equal(fold1WeightsWritten, File.GetLastWriteTimeUtc(fold1Weights));
        var killed = (await grains.GetGrain<IStageGrain>(StageKeys.Of("crash", 2, 0)).GetInfo())!;
        Assert.Equal((2, checkpointed + 1), (killed.Attempts, killed.FirstEpoch));
        var events = await crashed.GetEvents(0);
        Assert.Single(events, e => e.Kind == ExperimentEventKind.StageCompleted && e.Fold == 1 && e.Depth == 0);
        Assert.Equal(checkpointed + 1, Assert.Single(events, e => e.Kind == ExperimentEventKind.StageResumed && e.Fold == 2 && e.Depth == 0).Epoch!.Epoch);
    }

    [SkippableFact]
    public async Task A_cluster_silo_killed_mid_stage_leaves_its_work_to_the_survivor_which_ends_with_the_uninterrupted_metrics()
    {
        using var redis = await RedisServer.Start();
        var artifacts = TestPaths.NewTempDirectory("cluster-runs");
        var clusterId = $"cluster-{Guid.NewGuid():N}";
        var ports = FreePorts.Take(4);
        Dictionary<string, string> Silo(int siloPort, int gatewayPort) => new()
        {
            ["BrainTumor__Cluster__Mode"] = "cluster",
            ["BrainTumor__Cluster__Redis"] = redis.ConnectionString,
            ["BrainTumor__Cluster__ClusterId"] = clusterId,
            ["BrainTumor__Cluster__SiloPort"] = siloPort.ToString(),
            ["BrainTumor__Cluster__GatewayPort"] = gatewayPort.ToString(),
            ["BrainTumor__Experiments__ArtifactsDirectory"] = artifacts,
            ["BrainTumor__Experiments__DataRoots__0"] = Path.Combine(TestPaths.RepoRoot, "data"),
            ["BrainTumor__Experiments__WatchdogPeriod"] = "00:00:02",
            ["BrainTumor__Experiments__CheckpointInterval"] = "00:00:00", // every epoch: the kill lands after a checkpointed one
        };
        // Enough epochs that the stage to kill is caught in its first half, far from its end: the kill
        // must land while it trains, and a tiny model's epoch takes about as long as a poll.
        var spec = SiloProcess.TinySpec(epochs: 20);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await using var survivor = await SiloProcess.Start(TestPaths.NewTempDirectory("silo-b"), Silo(ports[0], ports[1]));
        var doomed = await SiloProcess.Start(TestPaths.NewTempDirectory("silo-a"), Silo(ports[2], ports[3]));
        using var client = await SiloProcess.Client(ports[1], clusterId); // through the survivor's gateway
        var grains = SiloProcess.Grains(client);
        await SiloProcess.WaitFor(async () => (await grains.GetGrain<IDeviceDirectoryGrain>(0).List()).Count == 2, "both silos' trainers registered");

        var experiment = grains.GetGrain<IExperimentGrain>("failover");
        var runFolder = (await experiment.Start(spec)).RunFolder;
        // The two folds went to the two silos' trainers; wait until the doomed silo's stage has
        // checkpointed an epoch and some stage of the experiment has finished.
        var doomedPort = $":{ports[2]}@";
        StageInfo? target = null;
        await SiloProcess.WaitFor(async () =>
        {
            var folds = (await experiment.GetInfo())!.Folds;
            target = folds.Select(f => f.Current).FirstOrDefault(c => c is { Device: { } d, LastEpoch.Epoch: >= 1, Status: RunStatus.Running }
                && c.LastEpoch.Epoch <= spec.Epochs / 2 && d.Contains(doomedPort, StringComparison.Ordinal));
            return target is not null && folds.Any(f => f.Stages.Count > 0);
        }, "a stage in its first half on the silo about to die, after a finished one");
        var busy = (await grains.GetGrain<IDeviceDirectoryGrain>(0).List()).Where(d => d.JobsDone > 0 || d.RunningJob is not null);
        Assert.Equal(2, busy.Select(d => d.Silo).Distinct().Count()); // the folds spread over both silos
        var stageKeys = new[] { 1, 2 }.SelectMany(f => new int?[] { 0, 1, null }.Select(d => StageKeys.Of("failover", f, d))).ToList();
        var finishedBeforeKill = new List<string>();
        foreach (var key in stageKeys)
            if (await grains.GetGrain<IStageGrain>(key).GetInfo() is { Status: RunStatus.Completed })
                finishedBeforeKill.Add(key);
        await doomed.Kill();
        await doomed.DisposeAsync();
        output.WriteLine($"{clock.Elapsed}: one silo killed while {target!.Key} ran; finished before: {string.Join(", ", finishedBeforeKill)}");
        var parts = target.Key.Split('/');
        var killedCheckpoint = Path.Combine(runFolder, $"fold-{parts[1]}", $"stage-{parts[2]}.ckpt");
        var (checkpointed, finished) = CheckpointHeader.Read(killedCheckpoint);
        Assert.InRange(checkpointed, 1, spec.Epochs - 1);
        Assert.False(finished);
        Assert.NotEmpty(finishedBeforeKill);

        await SiloProcess.WaitFor(async () => (await experiment.GetInfo())!.Status.IsFinal(), "the experiment to end on the survivor");
        var failedOver = (await experiment.GetInfo())!;
        Assert.Equal(RunStatus.Completed, failedOver.Status);
        output.WriteLine($"{clock.Elapsed}: finished on the survivor");

        var straight = grains.GetGrain<IExperimentGrain>("straight");
        await straight.Start(spec);
        await SiloProcess.WaitFor(async () => (await straight.GetInfo())!.Status.IsFinal(), "the uninterrupted experiment to end");
        var reference = (await straight.GetInfo())!;
        foreach (var (a, b) in failedOver.Folds.Zip(reference.Folds))
        {
            Assert.Equal(b.Test!.Accuracy, a.Test!.Accuracy);
            Assert.Equal(b.Test.Loss, a.Test.Loss, 6);
            Assert.Equal(b.Stages.Select(s => (s.Depth, s.EpochsRun, s.BestEpoch, s.BestValidationAccuracy)),
                         a.Stages.Select(s => (s.Depth, s.EpochsRun, s.BestEpoch, s.BestValidationAccuracy)));
        }
        // What had finished ran once; the killed stage ran twice, the second time from the epoch after its checkpoint.
        foreach (var key in finishedBeforeKill)
            Assert.Equal((key, 1), (key, (await grains.GetGrain<IStageGrain>(key).GetInfo())!.Attempts));
        var killed = (await grains.GetGrain<IStageGrain>(target.Key).GetInfo())!;
        Assert.Equal((2, checkpointed + 1), (killed.Attempts, killed.FirstEpoch));
        output.WriteLine($"{clock.Elapsed}: reference finished");
    }
}
