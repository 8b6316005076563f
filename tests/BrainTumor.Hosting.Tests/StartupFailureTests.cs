using BrainTumor.Testing;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Messaging;
using StackExchange.Redis;

namespace BrainTumor.Hosting.Tests;

public class StartupFailureTests
{
    [Fact]
    public async Task A_cluster_silo_without_redis_fails_to_start_naming_the_redis_key()
    {
        var ports = FreePorts.Take(3);
        var configuration = Settings.Cluster(("Mode", "cluster"), ("Redis", $"127.0.0.1:{ports[2]},connectTimeout=1000"),
            ("SiloPort", ports[0].ToString()), ("GatewayPort", ports[1].ToString()));

        // Membership or reminders may be the first to reach for Redis: either way the key is named.
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => RunningHost.Silo(configuration));

        Assert.StartsWith("appsettings.json, BrainTumor:Cluster:Redis: Redis cannot be reached (", StartupFailure.Explain(failure));
    }

    [Fact]
    public async Task A_client_with_no_silo_fails_naming_the_connect_timeout()
    {
        var configuration = Settings.Cluster(("GatewayPort", FreePorts.Take(1)[0].ToString()), ("ClientConnectTimeout", "00:00:00"),
            ("StateDirectory", TestPaths.NewTempDirectory("state")));

        var failure = await Assert.ThrowsAsync<ConnectionFailedException>(() => RunningHost.Client(configuration));

        Assert.StartsWith("no silo gateway accepted the connection within BrainTumor:Cluster:ClientConnectTimeout (", StartupFailure.Explain(failure));
    }

    [Fact]
    public void Sections_refused_at_start_are_explained_by_their_keys_in_one_line()
    {
        var weights = new OptionsValidationException("BrainTumor:Weights", typeof(object), ["appsettings.json, BrainTumor:Weights:Directory: must name the folder of the weights files"]);
        var imaging = new OptionsValidationException("BrainTumor:Imaging", typeof(object), ["appsettings.json, BrainTumor:Imaging:MaxPixels: 0 is not a bound; expected a positive number"]);

        Assert.Equal("appsettings.json, BrainTumor:Weights:Directory: must name the folder of the weights files; " +
                     "appsettings.json, BrainTumor:Imaging:MaxPixels: 0 is not a bound; expected a positive number",
            StartupFailure.Explain(new AggregateException(weights, imaging)));
    }

    [Fact]
    public void Other_failures_are_not_explained() =>
        Assert.Null(StartupFailure.Explain(new InvalidOperationException("a bug", new ArgumentException("inner"))));
}
