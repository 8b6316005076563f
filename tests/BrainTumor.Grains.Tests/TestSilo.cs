using System.Net;
using System.Net.Sockets;
using BrainTumor.Contracts;
using BrainTumor.Grains;
using BrainTumor.Imaging.Reading;
using BrainTumor.Learning.Backbones;
using BrainTumor.Protocol.Specs;
using BrainTumor.Learning.Training;
using BrainTumor.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Persistence.FileStorage;

namespace BrainTumor.Grains.Tests;

/// <summary>
/// A real silo in the test process (localhost clustering, file grain storage, in-memory reminders,
/// the CPU trainer) over a fresh folder for state and runs; data roots: the repository's data/ and a
/// test folder for datasets, and a test folder for weights; <see cref="Configure"/> adds to it. One per test class.
/// </summary>
public sealed class TestSilo : IAsyncLifetime
{
    private IHost? _host;

    /// <summary>Adds to the silo last (a test class's own silo: an outgoing filter, a counter).</summary>
    public Action<ISiloBuilder>? Configure { get; init; }

    public string Folder { get; } = TestPaths.NewTempDirectory("silo");

    public string WeightsFolder => Path.Combine(Folder, "weights");

    /// <summary>A second data root, for datasets a test makes.</summary>
    public string DataFolder => Path.Combine(Folder, "data");

    public IGrainFactory Grains => _host!.Services.GetRequiredService<IGrainFactory>();

    public IServiceProvider Services => _host!.Services;

    /// <summary>Watches every stage the silo trains: a test arms it to hold a batch until the stage is cancelled.</summary>
    public StagePause Pause { get; } = new();

    /// <summary>The silo's address, as trainer keys and the device directory name it.</summary>
    public SiloAddress Address => Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(WeightsFolder);
        Directory.CreateDirectory(DataFolder);
        _host = Build(Folder, FreePort(), Guid.NewGuid().ToString("N"), configure: silo =>
        {
            silo.Services.AddSingleton<IStageHook>(Pause);
            Configure?.Invoke(silo);
        });
        await _host.StartAsync();
    }

    /// <summary>
    /// A silo over <paramref name="folder"/> (state, runs, cache, weights/); with <paramref name="primarySiloPort"/>
    /// it joins the cluster of the silo listening there, sharing its folder; <paramref name="configure"/> adds to the silo last.
    /// </summary>
    public static IHost Build(string folder, int siloPort, string clusterId, int? primarySiloPort = null, Action<ISiloBuilder>? configure = null) =>
        Host.CreateDefaultBuilder()
            .ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .UseOrleans(silo =>
            {
                var primary = primarySiloPort is { } port ? new IPEndPoint(IPAddress.Loopback, port) : null;
                silo.UseLocalhostClustering(siloPort, FreePort(), primary, serviceId: "test", clusterId: clusterId);
                silo.AddFileGrainStorage(files => files.RootDirectory = Path.Combine(folder, "state"));
                silo.Configure<ReminderOptions>(r => r.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
                silo.UseInMemoryReminderService();
                silo.Services.Configure<ExperimentsOptions>(o =>
                {
                    o.ArtifactsDirectory = Path.Combine(folder, "runs");
                    o.DataRoots = [Path.Combine(TestPaths.RepoRoot, "data"), Path.Combine(folder, "data")];
                    o.WatchdogPeriod = TimeSpan.FromSeconds(5);
                    o.CpuThreads = 2;
                    o.CheckpointInterval = TimeSpan.Zero; // every epoch: the resume tests count on the last finished epoch's checkpoint
                });
                silo.Services.Configure<WeightsOptions>(o => o.Directory = Path.Combine(folder, "weights"));
                silo.Services.Configure<ImagingOptions>(o => o.CacheDirectory = Path.Combine(folder, "cache"));
                silo.AddBrainTumorGrains();
                configure?.Invoke(silo);
            })
            .Build();

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
    }

    public IExperimentGrain Experiment(string id) => Grains.GetGrain<IExperimentGrain>(id);

    /// <summary>A quick experiment on the shipped sample: VGG19 with widths divided by 8 at 64x64, few slices and epochs.</summary>
    public static ExperimentSpec TinySpec(string policy = "fixed:1", int epochs = 2, int folds = 2, int maxItems = 60) =>
        TinyExperiment.Spec(policy, epochs, folds, maxItems);

    /// <summary>Waits until the experiment is completed, failed or cancelled (or the bound passes, which fails the test).</summary>
    public async Task<ExperimentInfo> WaitFinal(string id, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromMinutes(5));
        while (DateTime.UtcNow < deadline)
        {
            var info = await Experiment(id).GetInfo();
            if (info is not null && info.Status.IsFinal())
                return info;
            await Task.Delay(200);
        }
        throw new TimeoutException($"experiment {id} did not finish within {within ?? TimeSpan.FromMinutes(5)}");
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test after 3 minutes.</summary>
    public static async Task WaitFor(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 3 minutes");
            await Task.Delay(100);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
