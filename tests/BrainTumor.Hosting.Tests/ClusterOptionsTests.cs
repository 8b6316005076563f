using System.Security.Cryptography.X509Certificates;
using BrainTumor.Testing;

namespace BrainTumor.Hosting.Tests;

public class ClusterOptionsTests
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    [Fact]
    public void Repository_appsettings_is_embedded_mode_without_tls_or_secret()
    {
        var settings = Settings.Read(BrainTumorConfiguration.Load(TestPaths.RepoRoot));

        Assert.False(settings.IsCluster);
        Assert.Equal(".braintumor/state", settings.StateDirectory);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.MinimumReminderPeriod);
        Assert.Equal("", settings.Redis);
        Assert.False(settings.Tls.Enabled);
        Assert.Equal(RemoteCertificatePolicy.SameCertificate, settings.Tls.Policy);
        Assert.DoesNotContain("Password", File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "appsettings.json")));
    }

    [Fact]
    public void Environment_variables_override_appsettings_and_get_their_prior_values_back()
    {
        // Values the process may already hold (a shell's, a CI job's): the override must give them back, not unset them.
        using var outer = new EnvironmentVariables(("BrainTumor__Cluster__Mode", "embedded"), ("BrainTumor__Cluster__Redis", null));
        using (new EnvironmentVariables(("BrainTumor__Cluster__Mode", "cluster"), ("BrainTumor__Cluster__Redis", "redis.internal:6380")))
        {
            var settings = Settings.Read(BrainTumorConfiguration.Load(TestPaths.RepoRoot));
            Assert.True(settings.IsCluster);
            Assert.Equal("redis.internal:6380", settings.Redis);
        }
        Assert.Equal("embedded", Environment.GetEnvironmentVariable("BrainTumor__Cluster__Mode"));
        Assert.Null(Environment.GetEnvironmentVariable("BrainTumor__Cluster__Redis"));
        Assert.False(Settings.Read(BrainTumorConfiguration.Load(TestPaths.RepoRoot)).IsCluster);
    }

    [Fact]
    public void Cluster_mode_binds_every_key()
    {
        var settings = Settings.Read(Settings.Cluster(
            ("Mode", "Cluster"), ("Redis", "localhost:6379"), ("AdvertisedAddress", "10.0.0.7"), ("ListenOnAnyAddress", "true"), ("AllowPlaintextNetwork", "true"),
            ("SiloPort", "11112"), ("GatewayPort", "30001"), ("MinimumReminderPeriod", "00:00:10"), ("ServiceId", "svc"), ("ClusterId", "prod")));

        Assert.True(settings.IsCluster);
        Assert.Equal(("10.0.0.7", true, 11112, 30001), (settings.AdvertisedAddress, settings.ListenOnAnyAddress, settings.SiloPort, settings.GatewayPort));
        Assert.Equal(TimeSpan.FromSeconds(10), settings.MinimumReminderPeriod);
        Assert.Equal(("svc", "prod"), (settings.ServiceId, settings.ClusterId));
    }

    [Theory]
    [InlineData("10.0.0.7", "false", "10.0.0.7")]
    [InlineData("127.0.0.1", "true", "every interface")]
    public void A_silo_listening_beyond_loopback_without_tls_is_refused_naming_the_key(string address, string anyAddress, string where) =>
        Assert.Equal($"appsettings.json, BrainTumor:Cluster:Tls:Enabled: the silo would listen on {where}, beyond loopback, without TLS; " +
                     "expected Tls:Enabled=true with a certificate (README, \"TLS\"), or AllowPlaintextNetwork=true on a network you trust",
            Settings.ErrorOf(("Mode", "cluster"), ("Redis", "localhost:6379"), ("AdvertisedAddress", address), ("ListenOnAnyAddress", anyAddress)));

    [Fact]
    public void By_default_a_cluster_silo_listens_on_loopback_only_and_needs_no_tls()
    {
        var settings = Settings.Read(Settings.Cluster(("Mode", "cluster"), ("Redis", "localhost:6379")));
        Assert.Equal(("127.0.0.1", false, false), (settings.AdvertisedAddress, settings.ListenOnAnyAddress, settings.Tls.Enabled));
    }

    [Fact]
    public void Unknown_mode_is_refused_naming_the_key_and_the_modes() =>
        Assert.Equal("appsettings.json, BrainTumor:Cluster:Mode: 'mesh' is not a cluster mode; expected 'embedded' or 'cluster'",
            Settings.ErrorOf(("Mode", "mesh")));

    [Fact]
    public void Cluster_mode_without_redis_is_refused() =>
        Assert.Equal("appsettings.json, BrainTumor:Cluster:Redis: cluster mode needs the Redis connection string (e.g. \"localhost:6379\")",
            Settings.ErrorOf(("Mode", "cluster")));

    [Fact]
    public void Malformed_redis_connection_string_is_refused_without_echoing_it()
    {
        var message = Settings.ErrorOf(("Mode", "cluster"), ("Redis", "localhost:6379,password=s3cret,colour=blue"));
        Assert.StartsWith("appsettings.json, BrainTumor:Cluster:Redis: not a Redis connection string (", message);
        Assert.Contains("colour", message);
        Assert.DoesNotContain("s3cret", message);
    }

    [Fact]
    public void Advertised_address_must_be_an_ip_in_cluster_mode() =>
        Assert.Equal("appsettings.json, BrainTumor:Cluster:AdvertisedAddress: 'silo-1' is not an IP address",
            Settings.ErrorOf(("Mode", "cluster"), ("Redis", "localhost:6379"), ("AdvertisedAddress", "silo-1")));

    [Theory]
    [InlineData("SiloPort", "0", "appsettings.json, BrainTumor:Cluster:SiloPort: 0 is not a TCP port (1-65535)")]
    [InlineData("GatewayPort", "70000", "appsettings.json, BrainTumor:Cluster:GatewayPort: 70000 is not a TCP port (1-65535)")]
    [InlineData("GatewayPort", "11111", "appsettings.json, BrainTumor:Cluster:GatewayPort: 11111 is also the SiloPort; expected two different ports")]
    [InlineData("ClusterId", " ", "appsettings.json, BrainTumor:Cluster:ClusterId: must not be empty")]
    [InlineData("StateDirectory", "", "appsettings.json, BrainTumor:Cluster:StateDirectory: must name the folder of the grain state files in embedded mode")]
    [InlineData("MinimumReminderPeriod", "-00:00:01", "appsettings.json, BrainTumor:Cluster:MinimumReminderPeriod: -00:00:01 is not a positive time span (expected e.g. \"00:00:05\")")]
    public void Impossible_values_are_refused_naming_the_key(string key, string value, string expected) =>
        Assert.Equal(expected, Settings.ErrorOf((key, value)));

    [Theory]
    [InlineData("SiloPort", "eleven")]
    [InlineData("MinimumReminderPeriod", "ten seconds")]
    [InlineData("Tls:Enabled", "maybe")]
    public void Values_of_the_wrong_type_are_refused_naming_the_key(string key, string value)
    {
        var message = Settings.ErrorOf((key, value));
        Assert.StartsWith("appsettings.json, section 'BrainTumor:Cluster': ", message);
        Assert.Contains($"'BrainTumor:Cluster:{key}'", message);
    }

    [Fact]
    public void Unknown_keys_are_refused_naming_them() =>
        Assert.Contains("'Password'", Settings.ErrorOf(("Tls:Password", "x")));

    [Fact]
    public void Tls_without_a_certificate_is_refused() =>
        Assert.Equal("appsettings.json, BrainTumor:Cluster:Tls:CertificatePath: TLS is enabled but no certificate is given; expected the path of a PFX file",
            Settings.ErrorOf(("Tls:Enabled", "true")));

    [Fact]
    public void Tls_with_a_missing_certificate_file_is_refused()
    {
        var missing = Path.Combine(TestPaths.NewTempDirectory("tls"), "cluster.pfx");
        Assert.Equal($"appsettings.json, BrainTumor:Cluster:Tls:CertificatePath: '{missing}' does not exist; expected a PFX file",
            Settings.ErrorOf(("Tls:Enabled", "true"), ("Tls:CertificatePath", missing)));
    }

    [Fact]
    public void Unknown_certificate_policy_is_refused_listing_the_policies() =>
        Assert.Equal("appsettings.json, BrainTumor:Cluster:Tls:RemoteCertificateValidation: 'AnyCertificate' is not a policy; expected one of SameCertificate, Pinned, Chain",
            Settings.ErrorOf(("Tls:Enabled", "true"), ("Tls:CertificatePath", PfxOf("cluster")), ("Tls:RemoteCertificateValidation", "AnyCertificate")));

    [Fact]
    public void Pinned_policy_needs_well_formed_fingerprints()
    {
        var pfx = PfxOf("cluster");
        Assert.Equal("appsettings.json, BrainTumor:Cluster:Tls:PinnedCertificates: policy Pinned needs at least one SHA-256 fingerprint",
            Settings.ErrorOf(("Tls:Enabled", "true"), ("Tls:CertificatePath", pfx), ("Tls:RemoteCertificateValidation", "Pinned")));
        Assert.Equal("appsettings.json, BrainTumor:Cluster:Tls:PinnedCertificates: 'AB:CD' is not a SHA-256 fingerprint; expected 64 hex digits (colons allowed)",
            Settings.ErrorOf(("Tls:Enabled", "true"), ("Tls:CertificatePath", pfx), ("Tls:RemoteCertificateValidation", "Pinned"), ("Tls:PinnedCertificates:0", "AB:CD")));
    }

    [Fact]
    public void Chain_policy_needs_the_target_host() =>
        Assert.Equal("appsettings.json, BrainTumor:Cluster:Tls:TargetHost: policy Chain needs the host name the peers' certificates are issued to",
            Settings.ErrorOf(("Tls:Enabled", "true"), ("Tls:CertificatePath", PfxOf("cluster")), ("Tls:RemoteCertificateValidation", "chain")));

    [Fact]
    public void Certificate_loads_with_its_password_and_key()
    {
        using var original = TestCertificates.SelfSigned("cluster");
        var tls = TlsWith(original);

        using var loaded = ClusterCertificate.Load(tls);

        Assert.True(loaded.HasPrivateKey);
        Assert.Equal(CertificateFingerprint.Of(original), CertificateFingerprint.Of(loaded));
    }

    [Fact]
    public void Wrong_certificate_password_is_refused_naming_the_password_key()
    {
        using var certificate = TestCertificates.SelfSigned("cluster");
        var tls = TlsWith(certificate);
        tls.CertificatePassword = "wrong";

        var message = Assert.Throws<InvalidOperationException>(() => ClusterCertificate.Load(tls)).Message;

        Assert.StartsWith($"appsettings.json, BrainTumor:Cluster:Tls:CertificatePath: '{tls.CertificatePath}' cannot be read as a PFX file (", message);
        Assert.EndsWith("check the file and BrainTumor:Cluster:Tls:CertificatePassword (environment variable BrainTumor__Cluster__Tls__CertificatePassword)", message);
    }

    [Fact]
    public void Certificate_without_its_private_key_is_refused()
    {
        using var certificate = TestCertificates.SelfSigned("cluster");
        var path = Path.Combine(TestPaths.NewTempDirectory("tls"), "public-only.pfx");
        using (var publicOnly = X509CertificateLoader.LoadCertificate(certificate.RawData))
            File.WriteAllBytes(path, publicOnly.Export(X509ContentType.Pfx, TestCertificates.Password));
        var tls = new ClusterTlsOptions { Enabled = true, CertificatePath = path, CertificatePassword = TestCertificates.Password };

        Assert.Equal($"appsettings.json, BrainTumor:Cluster:Tls:CertificatePath: '{path}' holds no private key; expected the certificate with its key",
            Assert.Throws<InvalidOperationException>(() => ClusterCertificate.Load(tls)).Message);
    }

    [Fact]
    public void Certificate_must_allow_server_and_client_authentication()
    {
        using var serverOnly = TestCertificates.SelfSigned("cluster", null, ServerAuthentication);
        var tls = TlsWith(serverOnly);
        Assert.Equal($"appsettings.json, BrainTumor:Cluster:Tls:CertificatePath: '{tls.CertificatePath}' is restricted to other uses; expected Extended Key Usage with both server and client authentication, or none",
            Assert.Throws<InvalidOperationException>(() => ClusterCertificate.Load(tls)).Message);

        using var both = TestCertificates.SelfSigned("cluster", null, ServerAuthentication, ClientAuthentication);
        using var loaded = ClusterCertificate.Load(TlsWith(both));
        Assert.True(loaded.HasPrivateKey);
    }

    private static ClusterTlsOptions TlsWith(X509Certificate2 certificate) =>
        new() { Enabled = true, CertificatePath = TestCertificates.WritePfx(certificate, "cluster"), CertificatePassword = TestCertificates.Password };

    private static string PfxOf(string name)
    {
        using var certificate = TestCertificates.SelfSigned(name);
        return TestCertificates.WritePfx(certificate, name);
    }
}
