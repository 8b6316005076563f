using BrainTumor.Testing;

namespace BrainTumor.Hosting.Tests;

public class EmbeddedModeTests
{
    private static (string, string?)[] Embedded(string stateDirectory, params (string, string?)[] more)
    {
        var ports = FreePorts.Take(2);
        return [("SiloPort", ports[0].ToString()), ("GatewayPort", ports[1].ToString()), ("ClusterId", "embedded-test"),
                ("StateDirectory", stateDirectory), .. more];
    }

    [Fact]
    public async Task Grain_state_written_before_a_restart_is_read_back_from_the_state_directory()
    {
        var stateDirectory = TestPaths.NewTempDirectory("state");
        var configuration = Settings.Cluster(Embedded(stateDirectory));

        await using (var silo = await RunningHost.Silo(configuration))
        await using (var client = await RunningHost.Client(configuration))
        {
            var probe = client.Cluster.GetGrain<IProbeGrain>("restart");
            await probe.Add(5);
            Assert.Equal(12, await probe.Add(7));
        }
        Assert.NotEmpty(Directory.EnumerateFiles(stateDirectory, "*.grain", SearchOption.AllDirectories));

        Assert.Equal(12, await TotalAfterRestart(configuration));
        // The control: the same silo on an empty state folder knows nothing of it.
        Assert.Equal(0, await TotalAfterRestart(Settings.Cluster(Embedded(TestPaths.NewTempDirectory("state")))));
    }

    private static async Task<int> TotalAfterRestart(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        await using var silo = await RunningHost.Silo(configuration);
        await using var client = await RunningHost.Client(configuration);
        return await client.Cluster.GetGrain<IProbeGrain>("restart").Total();
    }

    [Fact]
    public async Task Reminders_tick_at_the_configured_minimum_period_and_not_below_it()
    {
        var configuration = Settings.Cluster(Embedded(TestPaths.NewTempDirectory("state"), ("MinimumReminderPeriod", "00:00:02")));
        await using var silo = await RunningHost.Silo(configuration);
        await using var client = await RunningHost.Client(configuration);
        var probe = client.Cluster.GetGrain<IProbeGrain>("reminder");

        var belowMinimum = await Assert.ThrowsAsync<ArgumentException>(() => probe.StartReminder(TimeSpan.Zero, TimeSpan.FromSeconds(1)));
        Assert.Contains("00:00:02", belowMinimum.Message);

        await probe.StartReminder(TimeSpan.Zero, TimeSpan.FromSeconds(2));
        Assert.True(await Eventually.True(async () => await probe.Ticks() >= 2, TimeSpan.FromSeconds(60)), "the reminder did not tick twice within 60 s");
    }

    [Fact]
    public async Task A_client_started_before_its_silo_keeps_trying_until_the_silo_is_up()
    {
        var configuration = Settings.Cluster(Embedded(TestPaths.NewTempDirectory("state"), ("ClientConnectTimeout", "00:01:00")));

        var client = RunningHost.Client(configuration);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.False(client.IsCompleted, "the client connected with no silo running");
        await using var silo = await RunningHost.Silo(configuration);
        await using var connected = await client;

        Assert.Equal(1, await connected.Cluster.GetGrain<IProbeGrain>("patient").Add(1));
    }
}
