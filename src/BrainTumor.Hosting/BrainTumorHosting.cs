using BrainTumor.Learning.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.Connections.Security;

namespace BrainTumor.Hosting;

/// <summary>Turns the <c>BrainTumor:Cluster</c> settings into an Orleans silo, or a client of that cluster.</summary>
public static class BrainTumorHosting
{
    public static IHostBuilder UseBrainTumorSilo(this IHostBuilder host, IConfiguration configuration)
    {
        // A silo trains: libtorch's huge-page allocations, switched on before its first tensor
        // (docs/BENCHMARKS.md, "Huge pages"; THP_MEM_ALLOC_ENABLE=0 in the environment keeps them off).
        LibTorchHugePages.Enable();
        var (settings, tls) = Load(configuration);
        var telemetry = TelemetryOptions.Load(configuration);
        return host
            .UseBrainTumorTelemetry(telemetry)
            .UseBrainTumorDashboardServer(telemetry.Dashboard)
            .UseOrleans(silo => silo
                .UseBrainTumorClustering(settings)
                .UseBrainTumorGrainStorage(settings)
                .UseBrainTumorReminders(settings)
                .UseBrainTumorTls(tls)
                .AddActivityPropagation()
                .UseBrainTumorDashboard(telemetry.Dashboard)
                .UseBrainTumorGrains(configuration));
    }

    public static IHostBuilder UseBrainTumorClient(this IHostBuilder host, IConfiguration configuration)
    {
        var (settings, tls) = Load(configuration);
        return host.UseOrleansClient(client => client
            .UseBrainTumorClustering(settings)
            .UseConnectionRetryFilter(new ClientConnectRetry(settings.ClientConnectTimeout))
            .AddActivityPropagation()
            .UseBrainTumorTls(tls));
    }

    /// <summary>Everything is read and checked here, before the host is built, so a bad setting stops the program at once.</summary>
    private static (ClusterSettings Settings, Action<TlsOptions>? Tls) Load(IConfiguration configuration)
    {
        var settings = ClusterSettings.Load(configuration);
        return (settings, TlsSetup.For(settings.Tls));
    }
}
