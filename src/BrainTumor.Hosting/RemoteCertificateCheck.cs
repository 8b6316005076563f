using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace BrainTumor.Hosting;

/// <summary>Turns <see cref="ClusterTlsOptions.Policy"/> into the check Orleans runs on every peer certificate.</summary>
public static class RemoteCertificateCheck
{
    public static RemoteCertificateValidator For(ClusterTlsOptions tls, X509Certificate2 local)
    {
        switch (tls.Policy)
        {
            case RemoteCertificatePolicy.SameCertificate:
                // By fingerprint: X509Certificate2.Equals compares only issuer and serial number, which anyone can copy.
                var own = CertificateFingerprint.Of(local);
                return (remote, _, _) => CertificateFingerprint.Of(remote) == own;
            case RemoteCertificatePolicy.Pinned:
                var pins = tls.PinnedCertificates.Select(p => CertificateFingerprint.Normalize(p, ClusterTlsOptionsValidator.PinnedKey)).ToHashSet();
                return (remote, _, _) => pins.Contains(CertificateFingerprint.Of(remote));
            default:
                return (_, _, errors) => errors == SslPolicyErrors.None;
        }
    }
}
