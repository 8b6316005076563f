using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;

namespace BrainTumor.Client.Tests;

public class SiloHostTests
{
    private static Process StartSilo(IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(CliRunner.Built("silo", "braintumor-silo.dll"));
        foreach (var (k, v) in environment) start.Environment[k] = v;
        return Process.Start(start)!;
    }

    [Fact]
    public async Task Silo_starts_from_appsettings_and_serves_a_client()
    {
        var ports = FreePorts.Take(2);
        int siloPort = ports[0], gatewayPort = ports[1];
        using var silo = StartSilo(new Dictionary<string, string>
        {
            ["BrainTumor__Cluster__SiloPort"] = siloPort.ToString(),
            ["BrainTumor__Cluster__GatewayPort"] = gatewayPort.ToString(),
            ["BrainTumor__Cluster__ClusterId"] = "silo-test",
        });
        try
        {
            var started = false;
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (!started && DateTime.UtcNow < deadline && await silo.StandardOutput.ReadLineAsync() is { } line)
                started = line.Contains("Application started");
            Assert.True(started, "the silo did not log 'Application started' within 2 minutes");

            using var client = Host.CreateDefaultBuilder()
                .UseOrleansClient(c => c.UseLocalhostClustering(gatewayPort, serviceId: "braintumor", clusterId: "silo-test"))
                .Build();
            await client.StartAsync();
            var hosts = await client.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
            Assert.Single(hosts);
            Assert.Equal(siloPort, hosts.Keys.Single().Endpoint.Port);
            await client.StopAsync();
        }
        finally
        {
            silo.Kill(entireProcessTree: true);
            await silo.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Unknown_cluster_mode_stops_the_silo_with_a_message_naming_the_key()
    {
        using var silo = StartSilo(new Dictionary<string, string> { ["BrainTumor__Cluster__Mode"] = "mesh" });
        var stderr = silo.StandardError.ReadToEndAsync();
        var stdout = silo.StandardOutput.ReadToEndAsync();
        Assert.True(silo.WaitForExit(TimeSpan.FromMinutes(1)), "the silo kept running with an invalid mode");
        Assert.Equal(1, silo.ExitCode);
        Assert.Equal("", await stdout);
        Assert.Equal("error: appsettings.json, BrainTumor:Cluster:Mode: 'mesh' is not a cluster mode; expected 'embedded' or 'cluster'", (await stderr).Trim());
    }
}
