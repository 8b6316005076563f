using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using BrainTumor.Contracts;
using BrainTumor.Hosting;
using BrainTumor.Protocol.Specs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BrainTumor.Bench;

/// <summary>
/// How long grain calls take while a stage trains: an embedded silo (appsettings.json, with its
/// ports, state and runs in a fresh temporary folder) runs a small experiment that keeps its device
/// busy, and each round calls the experiment (GetInfo, GetEvents), the device directory (List) and
/// the trainer (GetStatus) once. Only rounds that find the same job running before and after count.
/// </summary>
internal static class GrainLatencyBenchmark
{
    private static readonly string[] CallNames = ["experiment.GetInfo", "experiment.GetEvents", "directory.List", "trainer.GetStatus"];

    public static Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = "Dataset folder of the experiment that trains meanwhile.", DefaultValueFactory = _ => "data/sample" };
        var rounds = new Option<int>("--rounds") { Description = "Rounds of calls timed while the stage trains.", DefaultValueFactory = _ => 300 };
        var output = new Option<string?>("--out") { Description = "JSON result file (default artifacts/bench/grain-latency.json)." };
        var command = new Command("grain-latency", "p50/p99 latency of grain calls on an embedded silo while its device trains a stage.") { dataset, rounds, output };
        command.SetAction((parse, _) => Run(parse.GetValue(dataset)!, parse.GetValue(rounds), parse.GetValue(output)));
        return command;
    }

    private static async Task<int> Run(string dataset, int rounds, string? output)
    {
        if (!Directory.Exists(dataset))
        {
            Console.Error.WriteLine($"error: --dataset {dataset}: no such folder; expected a dataset folder (e.g. data/sample)");
            return 1;
        }
        var folder = Directory.CreateTempSubdirectory("braintumor-grain-latency").FullName;
        try
        {
            using var host = Host.CreateDefaultBuilder()
                .ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning))
                .UseBrainTumorSilo(Configuration(folder, Path.GetDirectoryName(Path.GetFullPath(dataset))!))
                .Build();
            await host.StartAsync();
            var samples = await Measure(host.Services.GetRequiredService<IGrainFactory>(), Path.GetFullPath(dataset), rounds);
            await host.StopAsync(TimeSpan.FromSeconds(30));
            Report(samples, rounds, dataset, output);
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>appsettings.json, with the silo's ports free, its cluster id fresh and everything it writes under <paramref name="folder"/>.</summary>
    private static IConfiguration Configuration(string folder, string dataRoot) =>
        new ConfigurationBuilder()
            .AddConfiguration(BrainTumorConfiguration.Load())
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["BrainTumor:Cluster:SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
                ["BrainTumor:Cluster:GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
                ["BrainTumor:Cluster:ClusterId"] = $"grain-latency-{Guid.NewGuid():N}",
                ["BrainTumor:Cluster:StateDirectory"] = Path.Combine(folder, "state"),
                ["BrainTumor:Experiments:ArtifactsDirectory"] = Path.Combine(folder, "runs"),
                ["BrainTumor:Experiments:DataRoots:0"] = dataRoot,
                ["BrainTumor:Imaging:CacheDirectory"] = Path.Combine(folder, "cache"),
            })
            .Build();

    private static async Task<Dictionary<string, List<double>>> Measure(IGrainFactory grains, string dataset, int rounds)
    {
        var experiment = grains.GetGrain<IExperimentGrain>("grain-latency");
        // Augmented, so every batch runs the whole network (no activation cache): the device's thread stays busy.
        await experiment.Start(new ExperimentSpec
        {
            Dataset = dataset, Backbone = "vgg19", WidthDivisor = 8, InputSize = 64, Folds = 2, MaxItems = 120,
            Policy = "fixed:0", Epochs = 1000, Patience = 1000, BatchSize = 8, Augment = true,
        });
        var directory = grains.GetGrain<IDeviceDirectoryGrain>(0);
        var trainer = grains.GetGrain<ITrainerGrain>((await directory.List()).Single().TrainerKey);
        while (!(await experiment.GetEvents(0)).Any(e => e.Kind == ExperimentEventKind.Epoch))
            await Task.Delay(100);
        var calls = new Func<Task>[] { () => experiment.GetInfo(), () => experiment.GetEvents(0), () => directory.List(), () => trainer.GetStatus() };
        var samples = CallNames.ToDictionary(n => n, _ => new List<double>());
        var job = (await trainer.GetStatus()).RunningJob;
        for (var round = 0; round < rounds; round++)
        {
            var times = new double[calls.Length];
            for (var i = 0; i < calls.Length; i++)
            {
                var watch = Stopwatch.StartNew();
                await calls[i]();
                times[i] = watch.Elapsed.TotalMilliseconds;
            }
            if ((await trainer.GetStatus()).RunningJob != job)
                throw new InvalidOperationException($"the stage {job} stopped training after {round} rounds; its epochs must outlast the measurement");
            for (var i = 0; i < calls.Length; i++)
                samples[CallNames[i]].Add(times[i]);
            await Task.Delay(20);
        }
        await experiment.Cancel();
        // The silo stops only once its device has let the cancelled job go.
        while ((await trainer.GetStatus()) is not { RunningJob: null, Queue.Count: 0 })
            await Task.Delay(50);
        return samples;
    }

    private static void Report(Dictionary<string, List<double>> samples, int rounds, string dataset, string? output)
    {
        var calls = samples.Select(s => new
        {
            call = s.Key,
            p50_ms = Measurement.Median(s.Value),
            p99_ms = Measurement.Percentile(s.Value, 99),
            max_ms = s.Value.Max(),
        }).ToList();
        foreach (var c in calls)
            Console.WriteLine(FormattableString.Invariant($"{c.call,-22} p50 {c.p50_ms,7:F2} ms   p99 {c.p99_ms,7:F2} ms   max {c.max_ms,7:F2} ms"));
        var result = new
        {
            benchmark = "grain-latency",
            command = $"dotnet run -c Release --project bench/BrainTumor.Bench -- grain-latency --dataset {dataset} --rounds {rounds}",
            rounds,
            load_average = Measurement.LoadAverage(),
            calls,
        };
        Console.WriteLine($"  {rounds} rounds while one stage trained; load average {result.load_average}; written to {Measurement.Write("grain-latency", result, output)}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
