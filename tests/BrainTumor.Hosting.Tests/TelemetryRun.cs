using System.Diagnostics;
using BrainTumor.Contracts;
using BrainTumor.Grains.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace BrainTumor.Hosting.Tests;

/// <summary>
/// One tiny experiment on a silo built from configuration with the Prometheus endpoint on a free
/// loopback port: the spans it produced (in-memory exporter), a scrape taken while it ran (after its
/// first supervisor decision) and one after it completed. Shared by the telemetry tests.
/// </summary>
public sealed class TelemetryRun : IAsyncLifetime
{
    public const string ExperimentId = "telemetry-tiny";

    private readonly List<Activity> _spans = [];
    private TracerProvider? _tracing;

    /// <summary>Every log record of the silo, as OpenTelemetry's logger saw it (with the trace context current when it was written).</summary>
    public List<LogRecord> Logs { get; } = [];

    public ExperimentInfo Finished { get; private set; } = null!;

    public string ScrapeWhileRunning { get; private set; } = "";

    public string ScrapeAfter { get; private set; } = "";

    /// <summary>This experiment's spans (other tests' silos in this process may add their own).</summary>
    public IReadOnlyList<Activity> Spans => [.. _spans.Where(s => (string?)s.GetTagItem(TelemetryTags.Experiment) == ExperimentId)];

    public async Task InitializeAsync()
    {
        _tracing = Sdk.CreateTracerProviderBuilder().AddSource(BrainTumorActivities.SourceName).AddInMemoryExporter(_spans).Build();
        var folder = TestPaths.NewTempDirectory("telemetry");
        var ports = FreePorts.Take(3);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["BrainTumor:Cluster:SiloPort"] = ports[0].ToString(),
            ["BrainTumor:Cluster:GatewayPort"] = ports[1].ToString(),
            ["BrainTumor:Cluster:ClusterId"] = "telemetry-test",
            ["BrainTumor:Cluster:StateDirectory"] = Path.Combine(folder, "state"),
            ["BrainTumor:Experiments:ArtifactsDirectory"] = Path.Combine(folder, "runs"),
            ["BrainTumor:Experiments:DataRoots:0"] = TestPaths.Sample,
            ["BrainTumor:Experiments:WatchdogPeriod"] = "00:00:05",
            ["BrainTumor:Experiments:CpuThreads"] = "2",
            ["BrainTumor:Weights:Directory"] = Path.Combine(folder, "weights"),
            ["BrainTumor:Imaging:CacheDirectory"] = Path.Combine(folder, "cache"),
            ["BrainTumor:Telemetry:Prometheus:Enabled"] = "true",
            ["BrainTumor:Telemetry:Prometheus:Port"] = ports[2].ToString(),
        }).Build();
        await using var silo = await RunningHost.Silo(configuration, host => host.ConfigureLogging(l => l.AddOpenTelemetry(o => { o.IncludeFormattedMessage = true; o.AddInMemoryExporter(Logs); })));
        var experiment = silo.Cluster.GetGrain<IExperimentGrain>(ExperimentId);
        await experiment.Start(TinyExperiment.Spec()); // 2 folds, depths 0 and 1, 2 epochs each
        await Until(async () => (await experiment.GetEvents(0)).Any(e => e.Kind == ExperimentEventKind.Decision));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports[2]}/") };
        ScrapeWhileRunning = await http.GetStringAsync("metrics");
        await Until(async () => (await experiment.GetInfo())!.Status.IsFinal());
        Finished = (await experiment.GetInfo())!;
        ScrapeAfter = await http.GetStringAsync("metrics");
    }

    private static async Task Until(Func<Task<bool>> condition)
    {
        if (!await Eventually.True(condition, TimeSpan.FromMinutes(5)))
            throw new TimeoutException($"{ExperimentId}: condition not met within 5 minutes");
    }

    public Task DisposeAsync()
    {
        _tracing?.Dispose();
        return Task.CompletedTask;
    }
}
