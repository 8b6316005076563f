using System.Net;

namespace BrainTumor.Hosting;

/// <summary>Section <c>BrainTumor:Cluster</c> of appsettings.json: how silos find each other, where grain
/// state and reminders live, and how connections are secured.</summary>
public sealed class ClusterSettings
{
    public const string Section = "BrainTumor:Cluster";
    public const string EmbeddedMode = "embedded";
    public const string ClusterMode = "cluster";

    /// <summary><c>embedded</c>: one silo on this machine (localhost clustering, state in files, reminders in
    /// memory). <c>cluster</c>: silos and clients meet in Redis, which also keeps grain state and reminders.</summary>
    public string Mode { get; set; } = EmbeddedMode;

    public string ServiceId { get; set; } = "braintumor";

    public string ClusterId { get; set; } = "dev";

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port clients connect to.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Cluster mode: the address this silo gives the others (and its clients) to reach it.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Cluster mode: listen on every interface rather than only the advertised address (behind NAT or in a container).</summary>
    public bool ListenOnAnyAddress { get; set; }

    /// <summary>Cluster mode: StackExchange.Redis connection string (<c>host:port[,password=...]</c>).</summary>
    public string Redis { get; set; } = "";

    /// <summary>Embedded mode: folder of the grain state files; relative paths are taken from the working directory.</summary>
    public string StateDirectory { get; set; } = ".braintumor/state";

    /// <summary>Shortest reminder period grains may register (Orleans' own default, one minute, is too long for progress checks).</summary>
    public TimeSpan MinimumReminderPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a starting client keeps retrying to reach a gateway before it gives up (zero: one attempt).</summary>
    public TimeSpan ClientConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public TlsSettings Tls { get; set; } = new();

    public bool IsCluster => string.Equals(Mode, ClusterMode, StringComparison.OrdinalIgnoreCase);

    /// <summary>The section bound from <paramref name="configuration"/> and validated.</summary>
    public static ClusterSettings Load(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        var settings = configuration.Bind<ClusterSettings>(Section);
        settings.Validate();
        return settings;
    }

    public void Validate()
    {
        if (!IsCluster && !string.Equals(Mode, EmbeddedMode, StringComparison.OrdinalIgnoreCase))
            throw Error(nameof(Mode), $"'{Mode}' is not a cluster mode; expected '{EmbeddedMode}' or '{ClusterMode}'");
        foreach (var (name, port) in new[] { (nameof(SiloPort), SiloPort), (nameof(GatewayPort), GatewayPort) })
            if (port is < 1 or > 65535)
                throw Error(name, $"{port} is not a TCP port (1-65535)");
        if (SiloPort == GatewayPort)
            throw Error(nameof(GatewayPort), $"{GatewayPort} is also the SiloPort; expected two different ports");
        foreach (var (name, id) in new[] { (nameof(ServiceId), ServiceId), (nameof(ClusterId), ClusterId) })
            if (string.IsNullOrWhiteSpace(id))
                throw Error(name, "must not be empty");
        if (MinimumReminderPeriod <= TimeSpan.Zero)
            throw Error(nameof(MinimumReminderPeriod), $"{MinimumReminderPeriod} is not a positive time span (expected e.g. \"00:00:05\")");
        if (ClientConnectTimeout < TimeSpan.Zero)
            throw Error(nameof(ClientConnectTimeout), $"{ClientConnectTimeout} is negative (expected e.g. \"00:00:30\")");
        if (IsCluster)
            ValidateClusterMode();
        else if (string.IsNullOrWhiteSpace(StateDirectory))
            throw Error(nameof(StateDirectory), "must name the folder of the grain state files in embedded mode");
        Tls.Validate($"{Section}:{nameof(Tls)}");
    }

    private void ValidateClusterMode()
    {
        if (string.IsNullOrWhiteSpace(Redis))
            throw Error(nameof(Redis), "cluster mode needs the Redis connection string (e.g. \"localhost:6379\")");
        _ = RedisConnection.Options(this);
        if (!IPAddress.TryParse(AdvertisedAddress, out _))
            throw Error(nameof(AdvertisedAddress), $"'{AdvertisedAddress}' is not an IP address");
    }

    private static InvalidOperationException Error(string key, string message) =>
        ConfigurationError.For($"{Section}:{key}", message);
}
