namespace BrainTumor.Hosting;

/// <summary>Section <c>BrainTumor:Cluster</c> of appsettings.json: how silos find each other.</summary>
public sealed class ClusterSettings
{
    public const string Section = "BrainTumor:Cluster";

    /// <summary><c>embedded</c>: one silo on this machine with localhost clustering.</summary>
    public string Mode { get; set; } = "embedded";

    public string ServiceId { get; set; } = "braintumor";

    public string ClusterId { get; set; } = "dev";

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port clients connect to.</summary>
    public int GatewayPort { get; set; } = 30000;

    public bool IsCluster => false;

    public static ClusterSettings Load(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        var settings = configuration.Bind<ClusterSettings>(Section);
        settings.Validate();
        return settings;
    }

    public void Validate()
    {
        if (!string.Equals(Mode, "embedded", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"{BrainTumorConfiguration.FileName}, {Section}:Mode: '{Mode}' is not a cluster mode; expected 'embedded'");
        foreach (var (name, port) in new[] { (nameof(SiloPort), SiloPort), (nameof(GatewayPort), GatewayPort) })
            if (port is < 1 or > 65535)
                throw new InvalidOperationException($"{BrainTumorConfiguration.FileName}, {Section}:{name}: {port} is not a TCP port (1-65535)");
        if (string.IsNullOrWhiteSpace(ServiceId) || string.IsNullOrWhiteSpace(ClusterId))
            throw new InvalidOperationException($"{BrainTumorConfiguration.FileName}, {Section}: ServiceId and ClusterId must not be empty");
    }
}
