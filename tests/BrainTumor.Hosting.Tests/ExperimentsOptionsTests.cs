using BrainTumor.Grains;
using BrainTumor.Imaging.Reading;
using BrainTumor.Learning.Backbones;
using BrainTumor.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Logs;

namespace BrainTumor.Hosting.Tests;

public class ExperimentsOptionsTests
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
        var options = host.Services.GetRequiredService<IOptions<ExperimentsOptions>>().Value;

        Assert.Equal(Path.Combine(folder, "runs"), options.ArtifactsDirectory);
        Assert.Equal([TestPaths.Sample], options.DataRoots);
        Assert.Equal(TimeSpan.FromSeconds(7), options.WatchdogPeriod);
        Assert.Equal(0, options.SharedFeaturesMiB);
        Assert.Equal(TimeSpan.Zero, options.CheckpointInterval);
        Assert.Equal(["vgg19"], options.PreloadBackbones);
        Assert.Equal(1, options.CpuThreads);
    }

    [Fact]
    public void The_weights_and_imaging_keys_reach_the_grains_as_written()
    {
        var folder = TestPaths.NewTempDirectory("grain-sections");
        var configuration = new ConfigurationBuilder().AddConfiguration(Configuration(("DataRoots:0", TestPaths.Sample)))
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["BrainTumor:Weights:Directory"] = Path.Combine(folder, "weights"),
                ["BrainTumor:Imaging:CacheDirectory"] = Path.Combine(folder, "cache"),
                ["BrainTumor:Imaging:MaxPixels"] = "1024",
                ["BrainTumor:Imaging:MaxFileBytes"] = "2048",
            }).Build();

        using var host = new HostBuilder().UseBrainTumorSilo(configuration).Build();
        var weights = host.Services.GetRequiredService<IOptions<WeightsOptions>>().Value;
        var imaging = host.Services.GetRequiredService<IOptions<ImagingOptions>>().Value;

        Assert.Equal(Path.Combine(folder, "weights"), weights.Directory);
        Assert.Equal(Path.Combine(folder, "cache"), imaging.CacheDirectory);
        Assert.Equal(new ImagingLimits { MaxPixels = 1024, MaxFileBytes = 2048 }, imaging.Limits);
    }

    [Fact]
    public void The_repository_settings_checkpoint_a_stage_every_minute()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(TestPaths.RepoRoot, "appsettings.json")).Build();
        Assert.Equal(TimeSpan.FromMinutes(1), Read(configuration).CheckpointInterval);
    }

    [Theory]
    [InlineData("ArtifactsDirectory", " ", "appsettings.json, BrainTumor:Experiments:ArtifactsDirectory: must name the folder of the run folders")]
    [InlineData("WatchdogPeriod", "00:00:00.5", "appsettings.json, BrainTumor:Experiments:WatchdogPeriod: 00:00:00.5000000 is too short; expected at least 00:00:01")]
    [InlineData("SharedFeaturesMiB", "-1", "appsettings.json, BrainTumor:Experiments:SharedFeaturesMiB: -1 is negative; expected 0 (no sharing) or more")]
    [InlineData("CheckpointInterval", "-00:00:01", "appsettings.json, BrainTumor:Experiments:CheckpointInterval: -00:00:01 is negative; expected 00:00:00 (every epoch) or longer")]
    [InlineData("CpuThreads", "0", "appsettings.json, BrainTumor:Experiments:CpuThreads: 0 is not a thread count; expected 1 or more, or null for one per core")]
    public void Impossible_values_are_refused_naming_the_key(string key, string value, string expected) =>
        Assert.Equal(expected, Assert.Throws<OptionsValidationException>(() => Read(Configuration(("DataRoots:0", TestPaths.Sample), (key, value)))).Message);

    [Fact]
    public void No_data_root_is_refused_naming_the_key() =>
        Assert.Equal("appsettings.json, BrainTumor:Experiments:DataRoots: expected at least one folder experiments may read",
            Assert.Throws<OptionsValidationException>(() => Read(Configuration())).Message);

    [Fact]
    public void An_unknown_backbone_to_preload_is_refused_naming_the_key_and_the_known_ones()
    {
        var configuration = Configuration(("DataRoots:0", TestPaths.Sample), ("PreloadBackbones:0", "resnet50"));
        var error = Assert.Throws<OptionsValidationException>(() => Read(configuration));
        Assert.StartsWith("appsettings.json, BrainTumor:Experiments:PreloadBackbones: unknown backbone 'resnet50'; known: ", error.Message);
        Assert.Contains("resnet18-imagenet", error.Message);
    }

    [Fact]
    public void An_unknown_key_is_refused_naming_it()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Read(Configuration(("DataRoots:0", TestPaths.Sample), ("CheckpointEvery", "00:01:00"))));
        Assert.StartsWith("appsettings.json, section 'BrainTumor:Experiments': ", error.Message);
        Assert.Contains("'CheckpointEvery'", error.Message);
    }

    [Fact]
    public async Task A_silo_with_a_refused_key_does_not_start_and_says_which_key_in_one_line()
    {
        var configuration = Configuration(("DataRoots:0", TestPaths.Sample), ("CheckpointInterval", "-00:00:01"));
        using var host = new HostBuilder().UseBrainTumorSilo(configuration).Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal("appsettings.json, BrainTumor:Experiments:CheckpointInterval: -00:00:01 is negative; expected 00:00:00 (every epoch) or longer",
            StartupFailure.Explain(failure));
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

    private static ExperimentsOptions Read(IConfiguration configuration) =>
        configuration.Read<ExperimentsOptions, ExperimentsOptionsValidator>(ExperimentsOptions.Section);

    private static IConfigurationRoot Configuration(params (string Key, string Value)[] keys) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(keys.Select(k => new KeyValuePair<string, string?>($"{ExperimentsOptions.Section}:{k.Key}", k.Value)))
            .Build();
}
