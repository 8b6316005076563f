using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace BrainTumor.Hosting;

/// <summary>The TLS options silos and clients share: present our certificate, require one from the peer, check it by policy.</summary>
internal static class TlsSetup
{
    public static ISiloBuilder UseBrainTumorTls(this ISiloBuilder silo, Action<TlsOptions>? tls) => tls is null ? silo : silo.UseTls(tls);

    public static IClientBuilder UseBrainTumorTls(this IClientBuilder client, Action<TlsOptions>? tls) => tls is null ? client : client.UseTls(tls);

    /// <summary>What <c>UseTls</c> needs, or null when TLS is off; the certificate is read now, so a bad one stops startup.</summary>
    public static Action<TlsOptions>? For(ClusterTlsOptions tls)
    {
        if (!tls.Enabled) return null;
        var certificate = ClusterCertificate.Load(tls);
        return options => Apply(options, tls, certificate);
    }

    private static void Apply(TlsOptions options, ClusterTlsOptions tls, X509Certificate2 certificate)
    {
        options.LocalCertificate = certificate;
        // Mutual TLS: a silo requires a certificate from silos and clients alike, and a client always sends its own.
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.RemoteCertificateValidation = RemoteCertificateCheck.For(tls, certificate);
        if (tls.Policy == RemoteCertificatePolicy.Chain)
            options.OnAuthenticateAsClient = (_, ssl) => ssl.TargetHost = tls.TargetHost;
    }
}
