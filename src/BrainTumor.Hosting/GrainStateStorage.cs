using Orleans.Persistence.FileStorage;

namespace BrainTumor.Hosting;

/// <summary>The default grain storage, the one <c>[PersistentState("name")]</c> without a provider name uses:
/// files under <see cref="ClusterOptions.StateDirectory"/> in embedded mode, Redis in cluster mode.</summary>
internal static class GrainStateStorage
{
    public static ISiloBuilder UseBrainTumorGrainStorage(this ISiloBuilder silo, ClusterOptions settings) =>
        settings.IsCluster
            ? silo.AddRedisGrainStorageAsDefault(redis => redis.ConfigurationOptions = RedisConnection.Options(settings))
            : silo.AddFileGrainStorage(files => files.RootDirectory = Path.GetFullPath(settings.StateDirectory));
}
