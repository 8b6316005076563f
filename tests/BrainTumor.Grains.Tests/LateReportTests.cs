using System.Collections.Concurrent;
using BrainTumor.Contracts;
using BrainTumor.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BrainTumor.Grains.Tests;

/// <summary>
/// A trainer's report of a job's end is one-way: a stage's watchdog check can land after the job
/// ended and before the report arrives. This silo makes that happen for every job (an outgoing
/// filter runs the stage's check just before each report leaves the trainer).
/// It trains beside the shared silo's tests, not at once with them: libtorch's threads are shared by the process,
/// and tests that compare two runs' numbers need them to themselves.
/// </summary>
[Collection(SiloCollection.Name)]
public sealed class LateReportTests : IAsyncLifetime
{
    private readonly CheckBeforeReport _filter = new();
    private readonly TestSilo _silo;

    public LateReportTests() => _silo = new() { Configure = silo => silo.AddOutgoingGrainCallFilter(_filter.Invoke) };

    public Task InitializeAsync() => _silo.InitializeAsync();

    public Task DisposeAsync() => _silo.DisposeAsync();

    [Fact]
    public async Task A_watchdog_check_between_a_jobs_end_and_its_report_takes_the_result_and_runs_nothing_again()
    {
        var grains = _silo.Grains;
        _filter.Grains = grains;
        await grains.GetGrain<IExperimentGrain>("late").Start(TestSilo.TinySpec());
        var info = await _silo.WaitFinal("late");
        Assert.Equal(RunStatus.Completed, info.Status);
        // Two folds, each stage 0, stage 1 and the test: every report was preceded by a check.
        var keys = new[] { 1, 2 }.SelectMany(f => new int?[] { 0, 1, null }.Select(d => StageKeys.Of("late", f, d))).ToList();
        Assert.Equal(keys.Order(), _filter.Checked.Keys.Order());
        foreach (var key in keys)
        {
            var stage = (await grains.GetGrain<IStageGrain>(key).GetInfo())!;
            Assert.Equal((key, RunStatus.Completed, 1), (key, stage.Status, stage.Attempts));
        }
        var devices = await grains.GetGrain<IDeviceDirectoryGrain>(0).List();
        Assert.Equal(keys.Count, devices.Sum(d => d.JobsDone)); // no job trained twice
        Assert.All(info.Folds, f => Assert.NotNull(f.Test));
    }

    private sealed class CheckBeforeReport
    {
        public IGrainFactory? Grains { get; set; }

        public ConcurrentDictionary<string, bool> Checked { get; } = new();

        public async Task Invoke(IOutgoingGrainCallContext call)
        {
            if (Grains is not null && call.InterfaceMethod.DeclaringType == typeof(IStageGrain) && call.MethodName == nameof(IStageGrain.Finished)
                && Checked.TryAdd(call.TargetId.Key.ToString()!, true))
                await Grains.GetGrain<IStageGrain>(call.TargetId).Ensure();
            await call.Invoke();
        }
    }
}
