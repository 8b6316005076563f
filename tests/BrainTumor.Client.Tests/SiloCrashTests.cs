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
        };
        var spec = SiloProcess.TinySpec(epochs: 6);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        // First life: run until fold 1's stage 0 has finished and fold 2's stage 0 is part-way, then kill -9.
        await using (var first = await SiloProcess.Start(folder, environment))
        {
            using var client = await SiloProcess.Client(gatewayPort, clusterId);
            var experiment = SiloProcess.Grains(client).GetGrain<IExperimentGrain>("crash");
            await experiment.Start(spec);
            await SiloProcess.WaitFor(async () =>
            {
                var events = await experiment.GetEvents(0);
                return events.Any(e => e.Kind == "stage_completed" && e.Fold == 1 && e.Depth == 0)
                       && events.Any(e => e.Kind == "epoch" && e.Fold == 2 && e.Depth == 0 && e.Epoch!.Epoch >= 2);
            }, "fold 2 stage 0 part-way");
            await first.Kill();
            output.WriteLine($"{clock.Elapsed}: killed");
        }
        var killedAt = Directory.GetFiles(Path.Combine(folder, "artifacts", "runs", "crash", "fold-2"), "stage-0.ckpt").Length;
        Assert.Equal(1, killedAt); // its epoch checkpoint is there to resume from
        Assert.False(File.Exists(Path.Combine(folder, "artifacts", "runs", "crash", "fold-2", "stage-0.pt"))); // and it had not finished

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
        // The stage that had finished before the crash was not trained again; the killed one was queued twice.
        Assert.Equal(1, (await grains.GetGrain<IStageGrain>(StageKeys.Of("crash", 1, 0)).GetInfo())!.Attempts);
        Assert.Equal(2, (await grains.GetGrain<IStageGrain>(StageKeys.Of("crash", 2, 0)).GetInfo())!.Attempts);
        var events = await crashed.GetEvents(0);
        Assert.Single(events, e => e.Kind == "stage_completed" && e.Fold == 1 && e.Depth == 0);
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
        };
        var spec = SiloProcess.TinySpec(epochs: 6);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await using var survivor = await SiloProcess.Start(TestPaths.NewTempDirectory("silo-b"), Silo(ports[0], ports[1]));
        var doomed = await SiloProcess.Start(TestPaths.NewTempDirectory("silo-a"), Silo(ports[2], ports[3]));
        using var client = await SiloProcess.Client(ports[1], clusterId); // through the survivor's gateway
        var grains = SiloProcess.Grains(client);
        await SiloProcess.WaitFor(async () => (await grains.GetGrain<IDeviceDirectoryGrain>(0).List()).Count == 2, "both silos' trainers registered");

        var experiment = grains.GetGrain<IExperimentGrain>("failover");
        await experiment.Start(spec);
        // The two folds went to the two silos' trainers; wait until the doomed silo's stage is part-way.
        var doomedPort = $":{ports[2]}@";
        await SiloProcess.WaitFor(async () =>
        {
            var folds = (await experiment.GetInfo())!.Folds;
            return folds.Any(f => f.Current is { Device: { } d, LastEpoch.Epoch: >= 2, Status: RunStatus.Running } && d.Contains(doomedPort, StringComparison.Ordinal));
        }, "a stage part-way on the silo about to die");
        var devicesUsed = (await experiment.GetInfo())!.Folds.Select(f => f.Current!.Device!.Split('|')[0]).Distinct().Count();
        Assert.Equal(2, devicesUsed);
        await doomed.Kill();
        await doomed.DisposeAsync();
        output.WriteLine($"{clock.Elapsed}: one silo killed");

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
            Assert.Equal(b.Stages.Select(s => (s.Depth, s.EpochsRun, s.BestEpoch, s.BestValidationAccuracy)),
                         a.Stages.Select(s => (s.Depth, s.EpochsRun, s.BestEpoch, s.BestValidationAccuracy)));
        }
        output.WriteLine($"{clock.Elapsed}: reference finished");
    }
}
