using System.Globalization;
using BrainTumor.Contracts;
using BrainTumor.Grains.Training;
using BrainTumor.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace BrainTumor.Grains.Tests;

/// <summary>
/// What a tiny experiment writes to grain storage (docs/BENCHMARKS.md quotes the lines this prints):
/// per state name, the writes and their bytes, and per stage job the bytes of all of them.
/// </summary>
public sealed class StateWriteTests : IAsyncLifetime
{
    private readonly ITestOutputHelper _output;
    private readonly StateWriteCounter _counter = new();
    private readonly TestSilo _silo;

    public StateWriteTests(ITestOutputHelper output)
    {
        _output = output;
        _silo = new() { Configure = silo => silo.ConfigureServices(_counter.Install) };
    }

    public Task InitializeAsync() => _silo.InitializeAsync();

    public Task DisposeAsync() => _silo.DisposeAsync();

    [Fact]
    public async Task The_experiment_state_is_written_in_bounded_size_however_many_events_it_logs()
    {
        var grains = _silo.Grains;
        var experiment = grains.GetGrain<IExperimentGrain>("writes");
        await experiment.Start(TestSilo.TinySpec());
        var info = await _silo.WaitFinal("writes");
        Assert.Equal(RunStatus.Completed, info.Status);
        var events = await experiment.GetEvents(0);
        var jobs = info.Folds.Sum(f => f.Stages.Count + (f.Test is null ? 0 : 1));
        Assert.Equal(2 * 3, jobs);

        var total = 0L;
        foreach (var name in _counter.StateNames)
        {
            var writes = _counter.Writes(name);
            total += writes.Sum();
            _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name}: {writes.Count} writes, {writes.Sum()} bytes, largest {writes.Max()} bytes, {writes.Sum() / (double)jobs:F0} bytes per stage job"));
        }
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"all states: {total} bytes over {jobs} stage jobs ({total / (double)jobs:F0} bytes per stage job); {events.Count} events"));
        var log = new FileInfo(RunLayout.Events(info.RunFolder));
        Assert.True(log.Exists);
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"event log file: {log.Length} bytes appended, {log.Length / (double)jobs:F0} bytes per stage job"));

        // The event log does not ride along: the last experiment write is about as large as the first.
        var experimentWrites = _counter.Writes("experiment");
        Assert.True(experimentWrites.Max() < 2 * experimentWrites[0],
            $"experiment state writes grew from {experimentWrites[0]} to {experimentWrites.Max()} bytes over {events.Count} events");
    }
}
