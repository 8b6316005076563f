using BrainTumor.Grains;
using BrainTumor.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Logs;

namespace BrainTumor.Hosting.Tests;

public class ExperimentSettingsTests
{
    [Fact]
    public void Every_experiments_key_reaches_the_grains_options()
    {
        var folder = TestPaths.NewTempDirectory("experiment-settings");
        var configuration = Configuration(
            ("ArtifactsDirectory", Path.Combine(folder, "runs")),
            ("DataRoots:0", TestPaths.Sample),
            ("WatchdogPeriod", "00:00:07"),
            ("SharedFeaturesMiB", "0"),
            ("CheckpointInterval", "00:00:00"),
            ("PreloadBackbones:0", "vgg19"),
            ("CpuThreads", "1"));

        using var host = new HostBuilder().UseBrainTumorSilo(configuration).Build();
        var options = host.Services.GetRequiredService<IOptions<ExperimentOptions>>().Value;

        Assert.Equal(Path.Combine(folder, "runs"), options.ArtifactsDirectory);
        Assert.Equal([TestPaths.Sample], options.DataRoots);
        Assert.Equal(TimeSpan.FromSeconds(7), options.WatchdogPeriod);
        Assert.Equal(0, options.SharedFeaturesMiB);
        Assert.Equal(TimeSpan.Zero, options.CheckpointInterval);
        Assert.Equal(["vgg19"], options.PreloadBackbones);
        Assert.Equal(1, options.CpuThreads);
    }

    [Fact]
    public void The_repository_settings_checkpoint_a_stage_every_minute()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(TestPaths.RepoRoot, "appsettings.json")).Build();
        Assert.Equal(TimeSpan.FromMinutes(1), configuration.Bind<ExperimentOptions>(ExperimentOptions.Section).CheckpointInterval);
    }

    [Fact]
    public void A_negative_checkpoint_interval_is_refused_naming_the_key()
    {
        var configuration = Configuration(("DataRoots:0", TestPaths.Sample), ("CheckpointInterval", "-00:00:01"));
        var error = Assert.Throws<InvalidOperationException>(() => new HostBuilder().UseBrainTumorSilo(configuration).Build());
        Assert.Equal("appsettings.json, BrainTumor:Experiments:CheckpointInterval: -00:00:01 is negative; expected 00:00:00 (every epoch) or longer", error.Message);
    }

    [Fact]
    public void An_unknown_backbone_to_preload_is_refused_naming_the_key_and_the_known_ones()
    {
        var configuration = Configuration(("DataRoots:0", TestPaths.Sample), ("PreloadBackbones:0", "resnet50"));
        var error = Assert.Throws<InvalidOperationException>(() => new HostBuilder().UseBrainTumorSilo(configuration).Build());
        Assert.StartsWith("appsettings.json, BrainTumor:Experiments:PreloadBackbones: unknown backbone 'resnet50'; known: ", error.Message);
        Assert.Contains("resnet18-imagenet", error.Message);
    }

    [Fact]
    public async Task A_silo_preloads_the_configured_backbones_as_it_starts()
    {
        var folder = TestPaths.NewTempDirectory("preload");
        var ports = FreePorts.Take(2);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["BrainTumor:Cluster:SiloPort"] = ports[0].ToString(),
            ["BrainTumor:Cluster:GatewayPort"] = ports[1].ToString(),
            ["BrainTumor:Cluster:ClusterId"] = "preload-test",
            ["BrainTumor:Cluster:StateDirectory"] = Path.Combine(folder, "state"),
            ["BrainTumor:Experiments:DataRoots:0"] = TestPaths.Sample,
            ["BrainTumor:Experiments:PreloadBackbones:0"] = "resnet18-imagenet",
        }).Build();
        var logs = new List<LogRecord>();
        await using var silo = await RunningHost.Silo(configuration, host => host.ConfigureLogging(l => l.AddOpenTelemetry(o => { o.IncludeFormattedMessage = true; o.AddInMemoryExporter(logs); })));
        bool Preloaded() { lock (logs) return logs.Any(r => r.FormattedMessage?.StartsWith("Backbone resnet18-imagenet preloaded in ", StringComparison.Ordinal) == true); }
        Assert.True(await Eventually.True(() => Task.FromResult(Preloaded()), TimeSpan.FromMinutes(1)), "no 'Backbone resnet18-imagenet preloaded' log line within a minute");
    }

    private static IConfigurationRoot Configuration(params (string Key, string Value)[] keys) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(keys.Select(k => new KeyValuePair<string, string?>($"{ExperimentOptions.Section}:{k.Key}", k.Value)))
            .Build();
}
