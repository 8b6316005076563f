using BrainTumor.Contracts;
using BrainTumor.Grains.Training;
using BrainTumor.Learning.Jobs;
using BrainTumor.Protocol.Specs;
using BrainTumor.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BrainTumor.Grains.Tests;

/// <summary>A device keeps its last network for the next job that loads all of its weights: that job must end exactly as on a network built for it.</summary>
[Collection(SiloCollection.Name)]
public sealed class NetworkReuseTests(TestSilo silo)
{
    private static readonly ExperimentSpec Spec = TestSilo.TinySpec();

    [Fact]
    public async Task A_later_stage_on_the_devices_last_network_ends_as_on_a_freshly_built_one()
    {
        var run = await PlannedRun("reuse");
        using var reusing = NewRunner();
        using var fresh = NewRunner();

        Run(reusing, run, 1, 0);
        Run(reusing, run, 2, 0); // the device's last network is now fold 2's, trained at stage 0
        var copy = Path.Combine(silo.Folder, "runs", "reuse-copy");
        CopyFolder(run, copy);

        var onLast = Run(reusing, run, 1, 1);
        var onNew = Run(fresh, copy, 1, 1);

        Assert.Equal(RunStatus.Completed, onLast.Status);
        Assert.Equal(onNew.Stage! with { Seconds = 0, Cache = "" }, onLast.Stage! with { Seconds = 0, Cache = "" });
        Assert.Equal(File.ReadAllBytes(RunLayout.Weights(copy, 1, 1)), File.ReadAllBytes(RunLayout.Weights(run, 1, 1)));
        Assert.NotEqual(File.ReadAllBytes(RunLayout.Weights(run, 1, 0)), File.ReadAllBytes(RunLayout.Weights(run, 1, 1))); // stage 1 trained
    }

    [Fact]
    public async Task A_device_skips_loading_the_file_its_network_holds_and_loads_it_again_once_rewritten()
    {
        var run = await PlannedRun("holds");
        using var reusing = NewRunner();
        using var fresh = NewRunner();

        Run(reusing, run, 1, 0);
        var copy = Path.Combine(silo.Folder, "runs", "holds-copy");
        CopyFolder(run, copy);
        // Stage 0's file, as the network that wrote it still holds it, made unreadable without changing its size or time:
        // stage 1 right after it on the same device must not read it, and must end as on a network that loaded the real file.
        var stageZero = RunLayout.Weights(run, 1, 0);
        Scramble(stageZero, keepTime: true);

        var onHeld = Run(reusing, run, 1, 1);
        var onLoaded = Run(fresh, copy, 1, 1);
        Assert.Equal(onLoaded.Stage! with { Seconds = 0, Cache = "" }, onHeld.Stage! with { Seconds = 0, Cache = "" });
        Assert.Equal(File.ReadAllBytes(RunLayout.Weights(copy, 1, 1)), File.ReadAllBytes(RunLayout.Weights(run, 1, 1)));

        // The test of stage 1 on the network that wrote its file: skipped the same way.
        Scramble(RunLayout.Weights(run, 1, 1), keepTime: true);
        Assert.Equal(Run(fresh, copy, 1, 1, kind: StageJobKind.Test).Test! with { Seconds = 0 }, Run(reusing, run, 1, 1, kind: StageJobKind.Test).Test! with { Seconds = 0 });

        // Rewritten (a new time): the file is read again, and this one cannot be.
        Scramble(RunLayout.Weights(run, 1, 1), keepTime: false);
        Assert.ThrowsAny<Exception>(() => Run(reusing, run, 1, 1, kind: StageJobKind.Test));
    }

    [Fact]
    public async Task A_stage_0_on_the_devices_last_resnet18_network_restarted_ends_as_on_a_new_build()
    {
        var spec = Spec with { Backbone = "resnet18-imagenet", WidthDivisor = 1, InputSize = null, Epochs = 1 };
        var run = await PlannedRun("restart", spec);
        using var reusing = NewRunner();
        using var fresh = NewRunner();

        Run(reusing, run, 1, 0, spec: spec);
        Run(reusing, run, 1, 1, spec: spec); // layer4 and the head trained: the network is far from a new one
        var copy = Path.Combine(silo.Folder, "runs", "restart-copy");
        CopyFolder(run, copy);

        var onRestarted = Run(reusing, run, 2, 0, spec: spec);
        var onBuilt = Run(fresh, copy, 2, 0, spec: spec);
        Assert.Equal(RunStatus.Completed, onRestarted.Status);
        Assert.Equal(onBuilt.Stage! with { Seconds = 0, Cache = "" }, onRestarted.Stage! with { Seconds = 0, Cache = "" });
        Assert.Equal(File.ReadAllBytes(RunLayout.Weights(copy, 2, 0)), File.ReadAllBytes(RunLayout.Weights(run, 2, 0)));
    }

    /// <summary>A run folder with a fold plan, as an experiment's start leaves it.</summary>
    private async Task<string> PlannedRun(string name, ExperimentSpec? spec = null)
    {
        var run = Path.Combine(silo.Folder, "runs", name);
        await silo.Grains.GetGrain<IDatasetGrain>((spec ?? Spec).Dataset).PlanFolds(spec ?? Spec, run);
        return run;
    }

    private StageJobRunner NewRunner() => GrainServices.NewStageJobRunner(silo.Services);

    /// <summary>One job on the CPU device of <paramref name="runner"/>, as its trainer grain would hand it over.</summary>
    private JobResult Run(StageJobRunner runner, string folder, int fold, int depth, StageJobKind kind = StageJobKind.Train, ExperimentSpec? spec = null) =>
        ActivatorUtilities.CreateInstance<StageJobExecutor>(silo.Services, runner).Run(new StageJob("network-reuse", fold, depth, kind, spec ?? Spec, folder), "cpu", _ => { }, CancellationToken.None);

    /// <summary>Overwrites a file with bytes no loader accepts, of the same length, keeping its time or not.</summary>
    private static void Scramble(string path, bool keepTime)
    {
        var time = File.GetLastWriteTimeUtc(path);
        File.WriteAllBytes(path, Enumerable.Repeat((byte)0xff, (int)new FileInfo(path).Length).ToArray());
        File.SetLastWriteTimeUtc(path, keepTime ? time : time.AddSeconds(1));
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
