using BrainTumor.Testing;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime.Messaging;

namespace BrainTumor.Hosting.Tests;

public class TlsTests
{
    private const string Refused = "Unable to connect to any of the 1 available gateways.";

    /// <summary>An embedded silo's settings with TLS on; clients try once (a refused client is not retried for 30 s).</summary>
    private static (string Key, string? Value)[] WithTls(string pfx, params (string, string?)[] more)
    {
        var ports = FreePorts.Take(2);
        return [("SiloPort", ports[0].ToString()), ("GatewayPort", ports[1].ToString()), ("ClusterId", "tls-test"),
                ("StateDirectory", TestPaths.NewTempDirectory("state")), ("ClientConnectTimeout", "00:00:00"),
                ("Tls:Enabled", "true"), ("Tls:CertificatePath", pfx), ("Tls:CertificatePassword", TestCertificates.Password), .. more];
    }

    private static (string Key, string? Value)[] Replace((string Key, string? Value)[] settings, string key, string? value) =>
        settings.Select(s => s.Key == key ? (key, value) : s).ToArray();

    private static async Task<ConnectionFailedException> RefusedClient((string, string?)[] settings) =>
        await Assert.ThrowsAsync<ConnectionFailedException>(() => RunningHost.Client(Settings.Cluster(settings)));

    [Fact]
    public async Task Client_with_the_cluster_certificate_is_served_and_clients_without_it_are_refused()
    {
        using var clusterCertificate = TestCertificates.SelfSigned("braintumor-cluster");
        var settings = WithTls(TestCertificates.WritePfx(clusterCertificate, "cluster"));
        await using var silo = await RunningHost.Silo(Settings.Cluster(settings));

        await using (var client = await RunningHost.Client(Settings.Cluster(settings)))
            Assert.Equal(3, await client.Cluster.GetGrain<IProbeGrain>("tls").Add(3));

        // No TLS at all.
        Assert.Equal(Refused, (await RefusedClient(settings.Where(s => !s.Key.StartsWith("Tls:")).ToArray())).Message);
        // TLS with a certificate of the same name that is not the cluster's; this client trusts the silo (pinned),
        // so only the silo can be refusing.
        using var stranger = TestCertificates.SelfSigned("braintumor-cluster");
        (string, string?)[] strangerSettings = [.. Replace(settings, "Tls:CertificatePath", TestCertificates.WritePfx(stranger, "stranger")),
            ("Tls:RemoteCertificateValidation", "Pinned"), ("Tls:PinnedCertificates:0", CertificateFingerprint.Of(clusterCertificate))];
        Assert.Equal(Refused, (await RefusedClient(strangerSettings)).Message);
        // TLS without any client certificate (our settings cannot express this; a hand-built Orleans client can).
        var gatewayPort = int.Parse(settings.Single(s => s.Key == "GatewayPort").Value!);
        using var anonymous = new HostBuilder().UseOrleansClient(client => client
            .UseLocalhostClustering(gatewayPort, "braintumor", "tls-test")
            .UseTls(tls => tls.AllowAnyRemoteCertificate())
            .UseConnectionRetryFilter((_, _) => Task.FromResult(false))).Build();
        Assert.Equal(Refused, (await Assert.ThrowsAsync<ConnectionFailedException>(() => anonymous.StartAsync())).Message);

        // The refusals were about the certificates: the silo still serves its own.
        await using (var client = await RunningHost.Client(Settings.Cluster(settings)))
            Assert.Equal(3, await client.Cluster.GetGrain<IProbeGrain>("tls").Total());
    }

    [Fact]
    public async Task Pinned_policy_admits_listed_certificates_only()
    {
        using var siloCertificate = TestCertificates.SelfSigned("silo");
        using var clientCertificate = TestCertificates.SelfSigned("client");
        using var unlisted = TestCertificates.SelfSigned("client");
        var silo = WithTls(TestCertificates.WritePfx(siloCertificate, "silo"), ("Tls:RemoteCertificateValidation", "Pinned"),
            ("Tls:PinnedCertificates:0", CertificateFingerprint.Of(siloCertificate)), ("Tls:PinnedCertificates:1", CertificateFingerprint.Of(clientCertificate)));
        await using var host = await RunningHost.Silo(Settings.Cluster(silo));

        await using (var client = await RunningHost.Client(Settings.Cluster(Replace(silo, "Tls:CertificatePath", TestCertificates.WritePfx(clientCertificate, "client")))))
            Assert.Equal(4, await client.Cluster.GetGrain<IProbeGrain>("pinned").Add(4));

        Assert.Equal(Refused, (await RefusedClient(Replace(silo, "Tls:CertificatePath", TestCertificates.WritePfx(unlisted, "unlisted")))).Message);
    }
}
