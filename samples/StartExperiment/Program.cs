// Starts an experiment on a running BrainTumorOrleans silo and follows it to the end, using only
// BrainTumor.Contracts and the Orleans client.
//   dotnet run --project samples/StartExperiment -- [gateway-port] [dataset-folder]
// The silo (braintumor-silo) must be running; the dataset must lie under its data roots.
using BrainTumor.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var gatewayPort = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 30000;
var dataset = Path.GetFullPath(args.Length > 1 ? args[1] : Path.Combine("data", "sample"));

using var host = Host.CreateDefaultBuilder()
    .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
    .UseOrleansClient(client => client.UseLocalhostClustering(gatewayPort, serviceId: "braintumor", clusterId: "dev"))
    .Build();
await host.StartAsync();
var grains = host.Services.GetRequiredService<IClusterClient>();

var id = $"sample-{DateTime.UtcNow:yyyyMMdd-HHmmss}";
var experiment = grains.GetGrain<IExperimentGrain>(id);
var started = await experiment.Start(new ExperimentSpec
{
    Dataset = dataset,
    Backbone = "resnet18-imagenet",
    FoldsFrom = "cheng_fold",
    Policy = "fixed:0",
    Epochs = 2,
    BatchSize = 32,
    LearningRate = 0.01,
});
Console.WriteLine($"started {started.Id} with {started.Folds.Count} folds");

await foreach (var e in experiment.WatchAsync())
    Console.WriteLine($"{e.Time:HH:mm:ss} {e.Message}");

var info = await experiment.GetInfo();
if (info!.Status != RunStatus.Completed)
{
    Console.Error.WriteLine($"{id} ended {info.Status}: {info.Error}");
    return 1;
}
var report = await experiment.GetReport();
Console.WriteLine($"mean test accuracy {report.MeanAccuracy:P2} ± {report.SdAccuracy:P2}; report {report.ReportPath}");
return 0;
