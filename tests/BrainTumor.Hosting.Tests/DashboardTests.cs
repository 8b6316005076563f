using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace BrainTumor.Hosting.Tests;

/// <summary>The Orleans Dashboard: served on its loopback port when enabled, absent when not.</summary>
public sealed class DashboardTests
{
    private static IConfiguration Silo(int dashboardPort, bool enabled)
    {
        var ports = FreePorts.Take(2);
        return WithTelemetry(Settings.Cluster(("SiloPort", ports[0].ToString()), ("GatewayPort", ports[1].ToString()), ("ClusterId", "dashboard-test"),
                ("StateDirectory", TestPaths.NewTempDirectory("state"))),
            ("Dashboard:Enabled", enabled.ToString()), ("Dashboard:Port", dashboardPort.ToString()));
    }

    private static IConfiguration WithTelemetry(IConfiguration cluster, params (string Key, string Value)[] keys) =>
        new ConfigurationBuilder().AddConfiguration(cluster)
            .AddInMemoryCollection(keys.Select(k => new KeyValuePair<string, string?>($"{TelemetryOptions.Section}:{k.Key}", k.Value)))
            .Build();

    [Fact]
    public async Task The_dashboard_answers_on_its_port_when_enabled()
    {
        var port = FreePorts.Take(1)[0];
        await using var silo = await RunningHost.Silo(Silo(port, enabled: true));
        using var http = new HttpClient();
        var page = await http.GetStringAsync($"http://127.0.0.1:{port}/");
        Assert.Contains("Orleans", page, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task No_dashboard_listens_when_disabled()
    {
        var port = FreePorts.Take(1)[0];
        await using var silo = await RunningHost.Silo(Silo(port, enabled: false));
        using var http = new HttpClient();
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetStringAsync($"http://127.0.0.1:{port}/"));
        Assert.Equal(SocketError.ConnectionRefused, Assert.IsType<SocketException>(refused.InnerException).SocketErrorCode);
    }

    [Theory]
    [InlineData("Prometheus:Port", "0", "BrainTumor:Telemetry:Prometheus:Port: 0 is not a port")]
    [InlineData("Dashboard:Host", "localhost", "BrainTumor:Telemetry:Dashboard:Host: 'localhost' is not an IP address")]
    [InlineData("Otlp:Protocol", "udp", "BrainTumor:Telemetry:Otlp:Protocol: 'udp' is not known; expected grpc or http/protobuf")]
    [InlineData("Otlp:Endpoint", "collector:4317", "BrainTumor:Telemetry:Otlp:Endpoint: 'collector:4317' is not an http(s) URL")]
    public void Bad_telemetry_settings_are_refused_naming_the_key(string key, string value, string expected)
    {
        var section = key.Split(':')[0];
        var configuration = WithTelemetry(Settings.Cluster(), ($"{section}:Enabled", "true"), (key, value));
        var error = Assert.Throws<OptionsValidationException>(() => configuration.Read<TelemetryOptions, TelemetryOptionsValidator>(TelemetryOptions.Section));
        Assert.Contains(expected, error.Message);
    }
}
