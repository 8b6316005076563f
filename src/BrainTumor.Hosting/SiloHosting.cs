using Orleans.Persistence.FileStorage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace BrainTumor.Hosting;

/// <summary>Turns the <c>BrainTumor:Cluster</c> settings into an Orleans silo.</summary>
public static class SiloHosting
{
    public static IHostBuilder UseBrainTumorSilo(this IHostBuilder host, IConfiguration configuration)
    {
        var cluster = configuration.Bind<ClusterSettings>(ClusterSettings.Section);
        cluster.Validate();
        return host.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
            silo.AddFileGrainStorage(files => files.RootDirectory = Path.GetFullPath(".braintumor/state"));
            silo.Configure<ReminderOptions>(r => r.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            silo.UseInMemoryReminderService();
            silo.UseBrainTumorGrains(configuration);
        });
    }
}
