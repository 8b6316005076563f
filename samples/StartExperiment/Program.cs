// Starts an experiment on a running BrainTumorOrleans silo and follows it to the end, using only
// BrainTumor.Contracts and the Orleans client.
//   dotnet run --project samples/StartExperiment -- [--gateway-port N] [--cluster-id ID] [--service-id ID]
//       [--dataset PATH] [--backbone NAME] [--folds K | --folds-from COLUMN] [--policy P] [--epochs N] ...
// Cluster ids and port default to BrainTumor:Cluster in appsettings.json; the dataset must lie under
// the silo's data roots. Exit code: 0 completed, 1 refused or not completed, 2 bad arguments.
using BrainTumor.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StartExperiment;

SampleArguments arguments;
try
{
    arguments = SampleArguments.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}

// Standard output carries only the experiment; the client's own warnings go to standard error.
using var host = new HostBuilder()
    .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace))
    .UseOrleansClient(client => client.UseLocalhostClustering(arguments.GatewayPort, arguments.ServiceId, arguments.ClusterId))
    .Build();
try
{
    await host.StartAsync();
}
catch (OrleansException e)
{
    Console.Error.WriteLine($"error: no silo of service '{arguments.ServiceId}', cluster '{arguments.ClusterId}' at localhost:{arguments.GatewayPort}: {e.Message}");
    return 1;
}
var experiment = host.Services.GetRequiredService<IClusterClient>().GetGrain<IExperimentGrain>(arguments.Id);

ExperimentInfo started;
try
{
    started = await experiment.Start(arguments.Spec);
}
catch (Exception e) when (e is ArgumentException or InvalidOperationException or InvalidDataException or IOException)
{
    // The silo refused the request and recorded nothing: the message names the problem.
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
Console.WriteLine($"started {started.Id} with {started.Folds.Count} folds");

await foreach (var e in experiment.WatchAsync())
    Console.WriteLine($"{e.Time:HH:mm:ss} {e.Message}");

var info = await experiment.GetInfo();
if (info!.Status != RunStatus.Completed)
{
    Console.Error.WriteLine($"{info.Id} ended {info.Status}: {info.Error}");
    return 1;
}
var report = await experiment.GetReport();
Console.WriteLine($"mean test accuracy {report.MeanAccuracy:P2} ± {report.SdAccuracy:P2}; report {report.ReportPath}");
return 0;
