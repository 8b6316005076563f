using System.Net;
using Microsoft.Extensions.Hosting;
using OrleansClusterOptions = Orleans.Configuration.ClusterOptions;

namespace BrainTumor.Hosting;

/// <summary>How silos and clients find each other: localhost in embedded mode, the Redis membership table in cluster mode.</summary>
internal static class Clustering
{
    public static ISiloBuilder UseBrainTumorClustering(this ISiloBuilder silo, ClusterOptions settings)
    {
        if (!settings.IsCluster)
            return silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, serviceId: settings.ServiceId, clusterId: settings.ClusterId);
        silo.Configure<OrleansClusterOptions>(cluster => Identify(cluster, settings));
        silo.ConfigureEndpoints(IPAddress.Parse(settings.AdvertisedAddress), settings.SiloPort, settings.GatewayPort, settings.ListenOnAnyAddress);
        return silo.UseRedisClustering(redis => redis.ConfigurationOptions = RedisConnection.Options(settings));
    }

    public static IClientBuilder UseBrainTumorClustering(this IClientBuilder client, ClusterOptions settings)
    {
        if (!settings.IsCluster)
            return client.UseLocalhostClustering(settings.GatewayPort, settings.ServiceId, settings.ClusterId);
        // The gateways are the live silos listed in Redis; the client's own ports play no part.
        client.Configure<OrleansClusterOptions>(cluster => Identify(cluster, settings));
        return client.UseRedisClustering(redis => redis.ConfigurationOptions = RedisConnection.Options(settings));
    }

    private static void Identify(OrleansClusterOptions cluster, ClusterOptions settings)
    {
        cluster.ServiceId = settings.ServiceId;
        cluster.ClusterId = settings.ClusterId;
    }
}
