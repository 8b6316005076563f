using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace BrainTumor.Hosting;

/// <summary>Reads the certificate a silo or client presents, with errors that name the key to fix.</summary>
public static class ClusterCertificate
{
    private const string Section = $"{ClusterOptions.Section}:Tls";
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    public static X509Certificate2 Load(ClusterTlsOptions tls)
    {
        var key = $"{Section}:{nameof(ClusterTlsOptions.CertificatePath)}";
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(tls.CertificatePath, tls.CertificatePassword);
        }
        catch (CryptographicException e)
        {
            throw ConfigurationError.For(key, $"'{tls.CertificatePath}' cannot be read as a PFX file ({e.Message}); " +
                $"check the file and {Section}:{nameof(ClusterTlsOptions.CertificatePassword)} (environment variable BrainTumor__Cluster__Tls__CertificatePassword)");
        }
        if (!certificate.HasPrivateKey)
            throw ConfigurationError.For(key, $"'{tls.CertificatePath}' holds no private key; expected the certificate with its key");
        // Every process is both a TLS server and client (silos dial each other), so a certificate restricted
        // by Extended Key Usage must allow both, or Orleans rejects it at the first connection.
        if (certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().SingleOrDefault() is { } usage)
        {
            var oids = usage.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value).ToHashSet();
            if (!oids.Contains(ServerAuthentication) || !oids.Contains(ClientAuthentication))
                throw ConfigurationError.For(key, $"'{tls.CertificatePath}' is restricted to other uses; expected Extended Key Usage with both server and client authentication, or none");
        }
        return certificate;
    }
}
