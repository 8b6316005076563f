using Orleans.Runtime;

namespace BrainTumor.Hosting.Tests;

public class ClusterModeTests
{
    private static (string, string?)[] Cluster(RedisServer redis, string clusterId, params (string, string?)[] more) =>
        [("Mode", "cluster"), ("Redis", redis.ConnectionString), ("ClusterId", clusterId), ("MinimumReminderPeriod", "00:00:02"), .. more];

    private static Task<RunningHost> Silo(RedisServer redis, string clusterId, params (string, string?)[] more)
    {
        var ports = FreePorts.Take(2);
        return RunningHost.Silo(Settings.Cluster(Cluster(redis, clusterId, [("SiloPort", ports[0].ToString()), ("GatewayPort", ports[1].ToString()), .. more])));
    }

    private static (string, string?)[] TlsKeys(bool enabled)
    {
        if (!enabled) return [];
        using var certificate = TestCertificates.SelfSigned("braintumor-cluster");
        return [("Tls:Enabled", "true"), ("Tls:CertificatePath", TestCertificates.WritePfx(certificate, "cluster")), ("Tls:CertificatePassword", TestCertificates.Password)];
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Two_silos_meet_in_redis_and_grain_state_outlives_the_silo_that_wrote_it(bool tls)
    {
        using var redis = await RedisServer.Start();
        var secured = TlsKeys(tls);
        var first = await Silo(redis, "two-silos", secured);
        await using var second = await Silo(redis, "two-silos", secured);
        try
        {
            // The client knows no silo address: it finds the gateways in Redis.
            await using var client = await RunningHost.Client(Settings.Cluster(Cluster(redis, "two-silos", secured)));
            var management = client.Cluster.GetGrain<IManagementGrain>(0);
            Assert.True(await Eventually.True(async () => (await management.GetHosts(onlyActive: true)).Count == 2, TimeSpan.FromSeconds(60)),
                "the two silos did not both become active within 60 s");

            // Write state on grains until a few live on the first silo, then stop that silo. Placement
            // weighs the silos' load, which a silo learns from the others' published statistics: until
            // those arrive it places everything on itself, so keep going for a while.
            var firstAddress = (await management.GetHosts(onlyActive: true)).Keys
                .Select(s => s.Endpoint.ToString()).Except([second.SiloEndpoint]).Single();
            var onFirst = new List<(IProbeGrain Probe, string Silo)>();
            var placing = System.Diagnostics.Stopwatch.StartNew();
            for (var i = 0; onFirst.Count < 3 && placing.Elapsed < TimeSpan.FromSeconds(60); i++)
            {
                var probe = client.Cluster.GetGrain<IProbeGrain>($"survivor-{i}");
                await probe.Add(21);
                if (await probe.Silo() == firstAddress) onFirst.Add((probe, firstAddress));
                else await Task.Delay(50);
            }
            Assert.True(onFirst.Count > 0, $"no grain was placed on the first silo within {placing.Elapsed.TotalSeconds:F0} s");
            await first.DisposeAsync();
            first = null;

            // The survivor reactivates those grains and reads their state back from Redis.
            foreach (var (probe, _) in onFirst)
            {
                Assert.True(await Eventually.True(async () => await probe.Silo() != firstAddress, TimeSpan.FromSeconds(60)),
                    "a grain of the stopped silo was not reactivated within 60 s");
                Assert.Equal(21, await probe.Total());
            }
        }
        finally
        {
            if (first is not null) await first.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task Reminders_kept_in_redis_keep_ticking_after_the_cluster_restarts()
    {
        using var redis = await RedisServer.Start();
        int ticksBeforeRestart;
        await using (var silo = await Silo(redis, "reminders"))
        await using (var client = await RunningHost.Client(Settings.Cluster(Cluster(redis, "reminders"))))
        {
            var probe = client.Cluster.GetGrain<IProbeGrain>("reminder");
            await probe.StartReminder(TimeSpan.Zero, TimeSpan.FromSeconds(2));
            Assert.True(await Eventually.True(async () => await probe.Ticks() >= 1, TimeSpan.FromSeconds(60)), "the reminder did not tick within 60 s");
            ticksBeforeRestart = await probe.Ticks();
        }

        // A new silo with nothing in memory: only Redis knows the reminder, and only Redis has the tick count.
        await using (var silo = await Silo(redis, "reminders"))
        await using (var client = await RunningHost.Client(Settings.Cluster(Cluster(redis, "reminders"))))
        {
            var probe = client.Cluster.GetGrain<IProbeGrain>("reminder");
            Assert.True(await probe.Ticks() >= ticksBeforeRestart, "the tick count was not read back from Redis");
            Assert.True(await Eventually.True(async () => await probe.Ticks() > ticksBeforeRestart, TimeSpan.FromSeconds(60)),
                "the reminder did not tick again within 60 s of the restart");
        }
    }
}
