using System.Net;

namespace BrainTumor.Hosting;

/// <summary>Checks <see cref="ClusterOptions"/>, its <c>Tls</c> subsection included (<see cref="ClusterTlsOptionsValidator"/>);
/// every failure names its key.</summary>
public sealed class ClusterOptionsValidator() : SectionValidator<ClusterOptions>(ClusterOptions.Section)
{
    private static readonly ClusterTlsOptionsValidator Tls = new();

    protected internal override IEnumerable<string> Failures(ClusterOptions o)
    {
        if (!o.IsCluster && !string.Equals(o.Mode, ClusterOptions.EmbeddedMode, StringComparison.OrdinalIgnoreCase))
            yield return Failure(nameof(o.Mode), $"'{o.Mode}' is not a cluster mode; expected '{ClusterOptions.EmbeddedMode}' or '{ClusterOptions.ClusterMode}'");
        foreach (var (key, port) in new[] { (nameof(o.SiloPort), o.SiloPort), (nameof(o.GatewayPort), o.GatewayPort) })
            if (port is < 1 or > 65535)
                yield return Failure(key, $"{port} is not a TCP port (1-65535)");
        if (o.SiloPort == o.GatewayPort)
            yield return Failure(nameof(o.GatewayPort), $"{o.GatewayPort} is also the SiloPort; expected two different ports");
        foreach (var (key, id) in new[] { (nameof(o.ServiceId), o.ServiceId), (nameof(o.ClusterId), o.ClusterId) })
            if (string.IsNullOrWhiteSpace(id))
                yield return Failure(key, "must not be empty");
        if (o.MinimumReminderPeriod <= TimeSpan.Zero)
            yield return Failure(nameof(o.MinimumReminderPeriod), $"{o.MinimumReminderPeriod} is not a positive time span (expected e.g. \"00:00:05\")");
        if (o.ClientConnectTimeout < TimeSpan.Zero)
            yield return Failure(nameof(o.ClientConnectTimeout), $"{o.ClientConnectTimeout} is negative (expected e.g. \"00:00:30\")");
        if (!o.IsCluster && string.IsNullOrWhiteSpace(o.StateDirectory))
            yield return Failure(nameof(o.StateDirectory), "must name the folder of the grain state files in embedded mode");
        foreach (var failure in (o.IsCluster ? ClusterModeFailures(o) : []).Concat(Tls.Failures(o.Tls)))
            yield return failure;
    }

    private IEnumerable<string> ClusterModeFailures(ClusterOptions o)
    {
        if (string.IsNullOrWhiteSpace(o.Redis))
            yield return Failure(nameof(o.Redis), "cluster mode needs the Redis connection string (e.g. \"localhost:6379\")");
        else if (RedisConnection.Problem(o) is { } problem)
            yield return problem;
        if (!IPAddress.TryParse(o.AdvertisedAddress, out var address))
            yield return Failure(nameof(o.AdvertisedAddress), $"'{o.AdvertisedAddress}' is not an IP address");
        else if ((o.ListenOnAnyAddress || !IPAddress.IsLoopback(address)) && !o.Tls.Enabled && !o.AllowPlaintextNetwork)
            yield return Failure("Tls:Enabled", $"the silo would listen on {(o.ListenOnAnyAddress ? "every interface" : o.AdvertisedAddress)}, beyond loopback, " +
                $"without TLS; expected Tls:Enabled=true with a certificate (README, \"TLS\"), or {nameof(o.AllowPlaintextNetwork)}=true on a network you trust");
    }
}
