using StackExchange.Redis;

namespace BrainTumor.Hosting;

/// <summary>The Redis connection that cluster mode's membership, grain storage and reminders each open.</summary>
internal static class RedisConnection
{
    public static ConfigurationOptions Options(ClusterSettings settings)
    {
        try
        {
            return ConfigurationOptions.Parse(settings.Redis);
        }
        catch (ArgumentException e)
        {
            // The string is not echoed: it may carry a password.
            throw ConfigurationError.For($"{ClusterSettings.Section}:{nameof(ClusterSettings.Redis)}",
                $"not a Redis connection string ({e.Message}); expected host:port[,option=value...]");
        }
    }
}
