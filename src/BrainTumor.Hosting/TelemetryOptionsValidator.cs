using System.Net;

namespace BrainTumor.Hosting;

/// <summary>Checks <see cref="TelemetryOptions"/>; an exporter switched off is not checked. Every failure names its key.</summary>
public sealed class TelemetryOptionsValidator() : SectionValidator<TelemetryOptions>(TelemetryOptions.Section)
{
    protected internal override IEnumerable<string> Failures(TelemetryOptions o)
    {
        if (string.IsNullOrWhiteSpace(o.ServiceName))
            yield return Failure(nameof(o.ServiceName), "expected a name, got an empty one");
        foreach (var failure in EndpointFailures(nameof(o.Prometheus), o.Prometheus).Concat(EndpointFailures(nameof(o.Dashboard), o.Dashboard)))
            yield return failure;
        if (o.Otlp.Enabled && !(Uri.TryCreate(o.Otlp.Endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            yield return Failure("Otlp:Endpoint", $"'{o.Otlp.Endpoint}' is not an http(s) URL; expected e.g. http://127.0.0.1:4317");
        if (o.Otlp.Protocol is not ("grpc" or "http/protobuf"))
            yield return Failure("Otlp:Protocol", $"'{o.Otlp.Protocol}' is not known; expected grpc or http/protobuf");
    }

    private IEnumerable<string> EndpointFailures(string name, TelemetryOptions.EndpointOptions endpoint)
    {
        if (!endpoint.Enabled)
            yield break;
        if (endpoint.Port is < 1 or > 65535)
            yield return Failure($"{name}:Port", $"{endpoint.Port} is not a port; expected 1-65535");
        if (!IPAddress.TryParse(endpoint.Host, out _))
            yield return Failure($"{name}:Host", $"'{endpoint.Host}' is not an IP address; expected e.g. 127.0.0.1 (loopback) or 0.0.0.0 (every interface)");
    }
}
