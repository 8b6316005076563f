namespace BrainTumor.Hosting;

/// <summary>Section <c>BrainTumor:Telemetry</c> of appsettings.json: which exporters run, and where the dashboard is served
/// (checked by <see cref="TelemetryOptionsValidator"/>).</summary>
public sealed class TelemetryOptions
{
    public const string Section = "BrainTumor:Telemetry";

    /// <summary>The <c>service.name</c> resource attribute every span, metric and log carries.</summary>
    public string ServiceName { get; set; } = "braintumor";

    /// <summary>A Prometheus scrape endpoint (<c>http://Host:Port/metrics</c>).</summary>
    public EndpointOptions Prometheus { get; set; } = new() { Port = 9464 };

    /// <summary>The Orleans Dashboard, served by the silo.</summary>
    public EndpointOptions Dashboard { get; set; } = new() { Port = 8080 };

    public OtlpOptions Otlp { get; set; } = new();

    /// <summary>Spans, metrics and logs printed to standard output (for a look, not for production).</summary>
    public bool Console { get; set; }

    public sealed class EndpointOptions
    {
        public bool Enabled { get; set; }

        /// <summary>Loopback unless the port must be reached from other machines (see README).</summary>
        public string Host { get; set; } = "127.0.0.1";

        public int Port { get; set; }
    }

    public sealed class OtlpOptions
    {
        public bool Enabled { get; set; }

        /// <summary>The collector: <c>http://host:4317</c> (grpc) or <c>http://host:4318</c> (http/protobuf).</summary>
        public string Endpoint { get; set; } = "http://127.0.0.1:4317";

        /// <summary><c>grpc</c> or <c>http/protobuf</c>.</summary>
        public string Protocol { get; set; } = "grpc";
    }
}
