namespace BrainTumor.Hosting;

/// <summary>The reminder service: in memory in embedded mode (one silo, nothing to share), Redis in cluster mode.</summary>
internal static class Reminders
{
    public static ISiloBuilder UseBrainTumorReminders(this ISiloBuilder silo, ClusterOptions settings)
    {
        silo.Configure<ReminderOptions>(reminders => reminders.MinimumReminderPeriod = settings.MinimumReminderPeriod);
        return settings.IsCluster
            ? silo.UseRedisReminderService(redis => redis.ConfigurationOptions = RedisConnection.Options(settings))
            : silo.UseInMemoryReminderService();
    }
}
