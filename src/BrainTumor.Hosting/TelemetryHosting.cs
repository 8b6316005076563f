using BrainTumor.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace BrainTumor.Hosting;

/// <summary>
/// OpenTelemetry for a silo: the platform's spans and meter, Orleans' own spans and meter, the .NET
/// runtime's meter, and logs carrying the current trace and span ids; exported as the
/// <c>BrainTumor:Telemetry</c> section says (docs/TELEMETRY.md).
/// </summary>
public static class TelemetryHosting
{
    /// <summary>Orleans' spans for grain calls (made when activity propagation is on) and its meter.</summary>
    public static readonly string[] OrleansSources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    public const string OrleansMeter = "Microsoft.Orleans";

    public static IHostBuilder UseBrainTumorTelemetry(this IHostBuilder host, TelemetryOptions options) => host
        .ConfigureLogging(logging =>
        {
            // Every log scope gets the trace and span ids of the current span, for any logger provider.
            logging.Configure(f => f.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        })
        .ConfigureServices(services => services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName))
            .WithTracing(tracing =>
            {
                tracing.AddSource(BrainTumorActivities.SourceName).AddSource(OrleansSources);
                if (options.Otlp.Enabled)
                    tracing.AddOtlpExporter(o => Otlp(o, options.Otlp));
                if (options.Console)
                    tracing.AddConsoleExporter();
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(BrainTumorMetrics.MeterName, OrleansMeter).AddRuntimeInstrumentation();
                if (options.Prometheus.Enabled)
                    metrics.AddPrometheusHttpListener(o =>
                    {
                        o.Host = options.Prometheus.Host;
                        o.Port = options.Prometheus.Port;
                    });
                if (options.Otlp.Enabled)
                    metrics.AddOtlpExporter(o => Otlp(o, options.Otlp));
                if (options.Console)
                    metrics.AddConsoleExporter();
            })
            .WithLogging(logs =>
            {
                if (options.Otlp.Enabled)
                    logs.AddOtlpExporter(o => Otlp(o, options.Otlp));
                if (options.Console)
                    logs.AddConsoleExporter();
            }));

    private static void Otlp(OtlpExporterOptions exporter, TelemetryOptions.OtlpOptions settings)
    {
        exporter.Endpoint = new Uri(settings.Endpoint);
        exporter.Protocol = settings.Protocol == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
    }
}
