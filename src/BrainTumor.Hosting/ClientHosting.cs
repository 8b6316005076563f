using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace BrainTumor.Hosting;

/// <summary>Turns the <c>BrainTumor:Cluster</c> settings into an Orleans client of that cluster.</summary>
public static class ClientHosting
{
    public static IHostBuilder UseBrainTumorClient(this IHostBuilder host, IConfiguration configuration)
    {
        var settings = ClusterSettings.Load(configuration);
        return host.UseOrleansClient(client => client.UseLocalhostClustering(settings.GatewayPort, settings.ServiceId, settings.ClusterId));
    }
}
