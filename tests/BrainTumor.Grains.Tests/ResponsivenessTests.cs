using System.Diagnostics;
using BrainTumor.Contracts;
using Xunit.Abstractions;

namespace BrainTumor.Grains.Tests;

/// <summary>
/// No grain call waits for training: each call is made and answered while one and the same stage is
/// seen running on the device before and after it. (Latency figures: `braintumor-bench grain-latency`.)
/// </summary>
[Collection(SiloCollection.Name)]
public sealed class ResponsivenessTests(TestSilo silo, ITestOutputHelper output)
{
    /// <summary>A safety net only: a call blocked on training would instead see its stage end first.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task The_experiment_the_directory_and_the_trainer_answer_while_the_same_stage_trains()
    {
        var id = "responsive";
        var experiment = silo.Experiment(id);
        await experiment.Start(TestSilo.TinySpec(policy: "fixed:0", epochs: 30, maxItems: 120) with { Patience = 30 });
        var directory = silo.Grains.GetGrain<IDeviceDirectoryGrain>(0);
        var trainer = silo.Grains.GetGrain<ITrainerGrain>(Assert.Single(await directory.List()).TrainerKey);
        await TestSilo.WaitFor(async () => (await experiment.GetEvents(0)).Any(e => e.Kind == ExperimentEventKind.Epoch));
        var running = (await trainer.GetStatus()).RunningJob;
        Assert.NotNull(running);
        var stage = silo.Grains.GetGrain<IStageGrain>(running);
        try
        {
            var calls = new (string Name, Func<Task> Call)[]
            {
                ("experiment GetInfo", () => experiment.GetInfo()),
                ("experiment GetEvents", () => experiment.GetEvents(0)),
                ("directory List", () => directory.List()),
                ("trainer GetStatus", () => trainer.GetStatus()),
                ("stage GetInfo", () => stage.GetInfo()),
            };
            foreach (var (name, call) in calls)
            {
                await AssertStillRunning(trainer, stage, running, $"before {name}");
                var watch = Stopwatch.StartNew();
                await call().WaitAsync(Bound);
                output.WriteLine($"{name}: {watch.Elapsed.TotalMilliseconds:F1} ms");
                await AssertStillRunning(trainer, stage, running, $"after {name}");
            }
        }
        finally
        {
            await experiment.Cancel();
            await TestSilo.WaitFor(async () => (await trainer.GetStatus()) is { RunningJob: null, Queue.Count: 0 });
        }
    }

    private static async Task AssertStillRunning(ITrainerGrain trainer, IStageGrain stage, string job, string when)
    {
        Assert.True((await trainer.GetStatus().WaitAsync(Bound)).RunningJob == job, $"{when}: {job} no longer runs on the device");
        Assert.Equal(RunStatus.Running, (await stage.GetInfo().WaitAsync(Bound))!.Status);
    }
}
