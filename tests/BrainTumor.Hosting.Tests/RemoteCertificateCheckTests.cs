using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace BrainTumor.Hosting.Tests;

public class RemoteCertificateCheckTests
{
    private static readonly byte[] Serial = [0x42, 0x17, 0x01];

    [Fact]
    public void Same_certificate_policy_accepts_only_the_identical_certificate()
    {
        using var own = TestCertificates.SelfSigned("cluster", Serial);
        using var impostor = TestCertificates.SelfSigned("cluster", Serial);
        using var ownCopy = X509CertificateLoader.LoadCertificate(own.RawData);
        var check = RemoteCertificateCheck.For(new ClusterTlsOptions(), own);

        Assert.True(check(ownCopy, null!, SslPolicyErrors.RemoteCertificateChainErrors));
        // Same issuer and serial number: X509Certificate2.Equals calls them equal, the fingerprint does not.
        Assert.True(impostor.Equals(own));
        Assert.False(check(impostor, null!, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void Pinned_policy_accepts_listed_fingerprints_in_any_spelling()
    {
        using var own = TestCertificates.SelfSigned("silo");
        using var listed = TestCertificates.SelfSigned("client");
        using var other = TestCertificates.SelfSigned("client");
        var withColons = string.Join(':', CertificateFingerprint.Of(listed).Chunk(2).Select(p => new string(p))).ToLowerInvariant();
        var check = RemoteCertificateCheck.For(new ClusterTlsOptions { RemoteCertificateValidation = "pinned", PinnedCertificates = [withColons] }, own);

        Assert.True(check(listed, null!, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(check(other, null!, SslPolicyErrors.None));
        Assert.False(check(own, null!, SslPolicyErrors.None));
    }

    [Fact]
    public void Chain_policy_accepts_only_certificates_the_platform_validated()
    {
        using var own = TestCertificates.SelfSigned("silo");
        var check = RemoteCertificateCheck.For(new ClusterTlsOptions { RemoteCertificateValidation = "Chain", TargetHost = "silo" }, own);

        Assert.True(check(own, null!, SslPolicyErrors.None));
        Assert.False(check(own, null!, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(check(own, null!, SslPolicyErrors.RemoteCertificateNameMismatch));
    }
}
