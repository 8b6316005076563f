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
        var telemetry = configuration.Read<TelemetryOptions, TelemetryOptionsValidator>(TelemetryOptions.Section);
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

    /// <summary>The cluster section read and checked now, before the host is built: the Orleans builders take
    /// its values, not its options, and a bad setting or certificate stops the program at once.</summary>
    private static (ClusterOptions Settings, Action<TlsOptions>? Tls) Load(IConfiguration configuration)
    {
        var settings = configuration.Read<ClusterOptions, ClusterOptionsValidator>(ClusterOptions.Section);
        return (settings, TlsSetup.For(settings.Tls));
    }
}
