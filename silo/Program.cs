using BrainTumor.Learning.Runtime;
using BrainTumor.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

// First of all: this may start the silo again with glibc's huge pages (ProcessHugePages).
var arguments = ProcessHugePages.Start(args);
IHostBuilder host;
try
{
    var configuration = BrainTumorConfiguration.Load();
    host = Host.CreateDefaultBuilder(arguments)
        .ConfigureAppConfiguration(builder => builder.AddConfiguration(configuration))
        .UseBrainTumorSilo(configuration);
}
catch (Exception e) when (e is InvalidOperationException or OptionsValidationException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
try
{
    await host.RunConsoleAsync();
}
catch (Exception e) when (StartupFailure.Explain(e) is { } reason)
{
    Console.Error.WriteLine($"error: {reason}");
    return 1;
}
return 0;
