using BrainTumor.Contracts;
using BrainTumor.Grains.Training;
using BrainTumor.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BrainTumor.Grains.Tests;

/// <summary>A device keeps its last network for the next job that loads all of its weights: that job must end exactly as on a network built for it.</summary>
[Collection(SiloCollection.Name)]
public sealed class NetworkReuseTests(TestSilo silo)
{
    [Fact]
    public async Task A_later_stage_on_the_devices_last_network_ends_as_on_a_freshly_built_one()
    {
        var spec = TestSilo.TinySpec();
        var run = Path.Combine(silo.Folder, "runs", "reuse");
        await silo.Grains.GetGrain<IDatasetGrain>(spec.Dataset).PlanFolds(spec, run);
        using var reusing = ActivatorUtilities.CreateInstance<StageJobRunner>(silo.Services);
        using var fresh = ActivatorUtilities.CreateInstance<StageJobRunner>(silo.Services);
        JobResult Run(StageJobRunner runner, string folder, int fold, int depth) =>
            runner.Run(new StageJob("reuse", fold, depth, false, spec, folder), "cpu", _ => { }, CancellationToken.None);

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
