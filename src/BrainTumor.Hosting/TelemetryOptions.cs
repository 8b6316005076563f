using System.Net;
using Microsoft.Extensions.Configuration;

namespace BrainTumor.Hosting;

/// <summary>Section <c>BrainTumor:Telemetry</c> of appsettings.json: which exporters run, and where the dashboard is served.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "BrainTumor:Telemetry";

    /// <summary>The <c>service.name</c> resource attribute every span, metric and log carries.</summary>
    public string ServiceName { get; set; } = "braintumor";

    /// <summary>A Prometheus scrape endpoint (<c>http://Host:Port/metrics</c>).</summary>
    public EndpointSettings Prometheus { get; set; } = new() { Port = 9464 };

    /// <summary>The Orleans Dashboard, served by the silo.</summary>
    public EndpointSettings Dashboard { get; set; } = new() { Port = 8080 };

    public OtlpSettings Otlp { get; set; } = new();

    /// <summary>Spans, metrics and logs printed to standard output (for a look, not for production).</summary>
    public bool Console { get; set; }

    public sealed class EndpointSettings
    {
        public bool Enabled { get; set; }

        /// <summary>Loopback unless the port must be reached from other machines (see README).</summary>
        public string Host { get; set; } = "127.0.0.1";

        public int Port { get; set; }
    }

    public sealed class OtlpSettings
    {
        public bool Enabled { get; set; }

        /// <summary>The collector: <c>http://host:4317</c> (grpc) or <c>http://host:4318</c> (http/protobuf).</summary>
        public string Endpoint { get; set; } = "http://127.0.0.1:4317";

        /// <summary><c>grpc</c> or <c>http/protobuf</c>.</summary>
        public string Protocol { get; set; } = "grpc";
    }

    /// <summary>Binds and checks the section; every error names its key and what was expected.</summary>
    public static TelemetryOptions Load(IConfiguration configuration)
    {
        var options = configuration.Bind<TelemetryOptions>(Section);
        if (string.IsNullOrWhiteSpace(options.ServiceName))
            throw ConfigurationError.For($"{Section}:ServiceName", "expected a name, got an empty one");
        CheckEndpoint("Prometheus", options.Prometheus);
        CheckEndpoint("Dashboard", options.Dashboard);
        if (options.Otlp.Enabled && !(Uri.TryCreate(options.Otlp.Endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            throw ConfigurationError.For($"{Section}:Otlp:Endpoint", $"'{options.Otlp.Endpoint}' is not an http(s) URL; expected e.g. http://127.0.0.1:4317");
        if (options.Otlp.Protocol is not ("grpc" or "http/protobuf"))
            throw ConfigurationError.For($"{Section}:Otlp:Protocol", $"'{options.Otlp.Protocol}' is not known; expected grpc or http/protobuf");
        return options;
    }

    private static void CheckEndpoint(string name, EndpointSettings endpoint)
    {
        if (!endpoint.Enabled)
            return;
        if (endpoint.Port is < 1 or > 65535)
            throw ConfigurationError.For($"{Section}:{name}:Port", $"{endpoint.Port} is not a port; expected 1-65535");
        if (!IPAddress.TryParse(endpoint.Host, out _))
            throw ConfigurationError.For($"{Section}:{name}:Host", $"'{endpoint.Host}' is not an IP address; expected e.g. 127.0.0.1 (loopback) or 0.0.0.0 (every interface)");
    }
}
