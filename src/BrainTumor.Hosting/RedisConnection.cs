using StackExchange.Redis;

namespace BrainTumor.Hosting;

/// <summary>The Redis connection that cluster mode's membership, grain storage and reminders each open.</summary>
internal static class RedisConnection
{
    private const string Key = $"{ClusterOptions.Section}:{nameof(ClusterOptions.Redis)}";

    /// <summary>The parsed connection string; <see cref="ClusterOptionsValidator"/> has refused one that does not parse.</summary>
    public static ConfigurationOptions Options(ClusterOptions settings) =>
        Parse(settings.Redis, out var options) is { } problem ? throw new InvalidOperationException(problem) : options!;

    /// <summary>Why <see cref="ClusterOptions.Redis"/> is not a connection string, or null.</summary>
    public static string? Problem(ClusterOptions settings) => Parse(settings.Redis, out _);

    private static string? Parse(string redis, out ConfigurationOptions? options)
    {
        try
        {
            options = ConfigurationOptions.Parse(redis);
            return null;
        }
        catch (ArgumentException e)
        {
            // The string is not echoed: it may carry a password.
            options = null;
            return ConfigurationError.Message(Key, $"not a Redis connection string ({e.Message}); expected host:port[,option=value...]");
        }
    }
}
