namespace BrainTumor.Hosting;

/// <summary>Section <c>BrainTumor:Cluster</c> of appsettings.json: how silos find each other, where grain
/// state and reminders live, and how connections are secured (checked by <see cref="ClusterOptionsValidator"/>).</summary>
public sealed class ClusterOptions
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

    /// <summary>
    /// Cluster mode: let a silo listen beyond loopback (a non-loopback <see cref="AdvertisedAddress"/>,
    /// or <see cref="ListenOnAnyAddress"/>) without TLS. Off: such a silo must have
    /// <c>Tls:Enabled</c>, since grain calls carry datasets' paths and experiment control.
    /// </summary>
    public bool AllowPlaintextNetwork { get; set; }

    /// <summary>Cluster mode: StackExchange.Redis connection string (<c>host:port[,password=...]</c>).</summary>
    public string Redis { get; set; } = "";

    /// <summary>Embedded mode: folder of the grain state files; relative paths are taken from the working directory.</summary>
    public string StateDirectory { get; set; } = ".braintumor/state";

    /// <summary>Shortest reminder period grains may register (Orleans' own default, one minute, is too long for progress checks).</summary>
    public TimeSpan MinimumReminderPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a starting client keeps retrying to reach a gateway before it gives up (zero: one attempt).</summary>
    public TimeSpan ClientConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Subsection <c>BrainTumor:Cluster:Tls</c>.</summary>
    public ClusterTlsOptions Tls { get; set; } = new();

    public bool IsCluster => string.Equals(Mode, ClusterMode, StringComparison.OrdinalIgnoreCase);
}
