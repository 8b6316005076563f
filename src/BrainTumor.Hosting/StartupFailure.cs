using Microsoft.Extensions.Options;
using Orleans.Runtime.Messaging;
using StackExchange.Redis;

namespace BrainTumor.Hosting;

/// <summary>Says why a silo or client could not start in terms of the settings to check: a section refused
/// when the host starts, or a failure from outside the program (Redis down, no gateway answering).</summary>
public static class StartupFailure
{
    /// <summary>One line naming the key to check, or null when <paramref name="failure"/> is not such a failure.</summary>
    public static string? Explain(Exception failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
            switch (e)
            {
                case OptionsValidationException options:
                    return options.Message;
                case AggregateException { InnerExceptions: var all } when all.All(i => i is OptionsValidationException):
                    return string.Join("; ", all.Select(i => i.Message));
                // Whichever Redis provider reaches for it first at startup (membership, reminders or
                // storage) reports the failure, wrapped in its own exception type or not.
                case RedisConnectionException or Orleans.Clustering.Redis.RedisClusteringException
                    or Orleans.Reminders.Redis.RedisRemindersException or Orleans.Persistence.Redis.RedisStorageException:
                    return ConfigurationError.Message($"{ClusterOptions.Section}:{nameof(ClusterOptions.Redis)}", $"Redis cannot be reached ({e.Message})");
                case ConnectionFailedException gateway:
                    return $"no silo gateway accepted the connection within {ClusterOptions.Section}:{nameof(ClusterOptions.ClientConnectTimeout)} ({gateway.Message}); " +
                        $"check that a silo runs with the same {ClusterOptions.Section} settings and, with TLS, that it accepts this client's certificate";
            }
        return null;
    }
}
