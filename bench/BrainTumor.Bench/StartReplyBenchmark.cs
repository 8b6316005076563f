using System.CommandLine;
using System.Diagnostics;
using BrainTumor.Contracts;
using BrainTumor.Protocol.Specs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BrainTumor.Bench;

/// <summary>
/// How long <see cref="IExperimentGrain.Start"/> takes to reply, measured as a client of a running
/// silo: on a dataset the silo has never seen (its dataset grain reads every file to validate it),
/// then on the same files again (the report is reused; only the index is read). Each repeat copies
/// the dataset to a new folder under the silo's data roots, so the first start really is the first;
/// every started experiment is cancelled, and the next start waits until the trainers are idle.
/// </summary>
internal static class StartReplyBenchmark
{
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = "Dataset folder to copy.", DefaultValueFactory = _ => "data/sample" };
        var copies = new Option<string>("--copies") { Description = "Folder for the copies: must lie under the silo's data roots (BrainTumor:Experiments:DataRoots).", Required = true };
        var gateway = new Option<int>("--gateway-port") { Description = "The silo's gateway port.", DefaultValueFactory = _ => 30000 };
        var serviceId = new Option<string>("--service-id") { Description = "The cluster's service id.", DefaultValueFactory = _ => "braintumor" };
        var clusterId = new Option<string>("--cluster-id") { Description = "The cluster id.", DefaultValueFactory = _ => "dev" };
        var repeats = new Option<int>("--repeats") { Description = "Repeats (median reported).", DefaultValueFactory = _ => 5 };
        var output = new Option<string?>("--out") { Description = "JSON result file (default artifacts/bench/start-reply.json)." };
        var command = new Command("start-reply", "Reply time of an experiment's Start on new data (validated) and on the same data again (report reused), against a running silo.")
        {
            dataset, copies, gateway, serviceId, clusterId, repeats, output,
        };
        command.SetAction(parse => Run(parse.GetValue(dataset)!, parse.GetValue(copies)!, parse.GetValue(gateway), parse.GetValue(serviceId)!,
            parse.GetValue(clusterId)!, parse.GetValue(repeats), parse.GetValue(output)));
        return command;
    }

    private sealed record Repeat(int Slices, int Rejected, double FirstSeconds, double AgainSeconds, double DescribeSeconds);

    private static async Task<int> Run(string dataset, string copies, int gatewayPort, string serviceId, string clusterId, int repeats, string? output)
    {
        using var host = new HostBuilder()
            .ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .UseOrleansClient(c => c.UseLocalhostClustering(gatewayPort, serviceId, clusterId))
            .Build();
        await host.StartAsync();
        var grains = host.Services.GetRequiredService<IClusterClient>();
        var load = Measurement.LoadAverage();
        var results = new List<Repeat>();
        var run = Guid.NewGuid().ToString("N")[..8];
        for (var r = 0; r < repeats; r++)
        {
            var copy = Path.GetFullPath(Path.Combine(copies, $"start-reply-{run}-{r}"));
            Copy(Path.GetFullPath(dataset), copy);
            var spec = new ExperimentSpec
            {
                Dataset = copy, Backbone = "vgg19", WidthDivisor = 8, InputSize = 64, MaxItems = 30, // folds given by the data (cheng_fold)
                Policy = "fixed:0", Epochs = 1, BatchSize = 8,
            };
            var first = await TimedStart(grains, $"start-reply-{run}-{r}-first", spec);
            var again = await TimedStart(grains, $"start-reply-{run}-{r}-again", spec);
            var watch = Stopwatch.StartNew();
            var report = await grains.GetGrain<IDatasetGrain>(copy).Describe();
            var describe = watch.Elapsed.TotalSeconds;
            results.Add(new Repeat(report.Items, report.Rejected.Count, first, again, describe));
            Console.WriteLine(FormattableString.Invariant($"repeat {r + 1}: first start {first:F3} s, again {again:F3} s, describe {describe:F3} s ({report.Items} slices)"));
        }
        var result = new
        {
            benchmark = "start-reply",
            command = $"dotnet run -c Release --project bench/BrainTumor.Bench -- start-reply --dataset {dataset} --copies {copies} --gateway-port {gatewayPort} --repeats {repeats}",
            dataset,
            load_average_at_start = load,
            repeats = results,
            median_first_seconds = Measurement.Median([.. results.Select(x => x.FirstSeconds)]),
            median_again_seconds = Measurement.Median([.. results.Select(x => x.AgainSeconds)]),
            median_describe_seconds = Measurement.Median([.. results.Select(x => x.DescribeSeconds)]),
        };
        Console.WriteLine(FormattableString.Invariant(
            $"median Start reply: {result.median_first_seconds:F3} s on new data, {result.median_again_seconds:F3} s on the same data again ({result.median_first_seconds / result.median_again_seconds:F1}x); Describe {result.median_describe_seconds:F3} s; load {load}"));
        Console.WriteLine($"  written to {Measurement.Write("start-reply", result, output)}");
        return 0;
    }

    /// <summary>Seconds until Start replied; then the experiment is cancelled and the trainers left idle.</summary>
    private static async Task<double> TimedStart(IGrainFactory grains, string id, ExperimentSpec spec)
    {
        var experiment = grains.GetGrain<IExperimentGrain>(id);
        var watch = Stopwatch.StartNew();
        await experiment.Start(spec);
        var seconds = watch.Elapsed.TotalSeconds;
        await experiment.Cancel();
        var devices = grains.GetGrain<IDeviceDirectoryGrain>(0);
        while ((await devices.List()).Any(d => d.RunningJob is not null || d.Queue.Count > 0))
            await Task.Delay(100);
        return seconds;
    }

    private static void Copy(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
    }
}
