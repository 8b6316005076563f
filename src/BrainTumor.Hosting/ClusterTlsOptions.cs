namespace BrainTumor.Hosting;

/// <summary>Section <c>BrainTumor:Cluster:Tls</c>: mutual TLS on every silo-to-silo and client-to-gateway
/// connection. Silos and clients each present the certificate in <see cref="CertificatePath"/>, and a silo
/// refuses any peer (silo or client) without an acceptable one. Checked with the rest of the section by
/// <see cref="ClusterOptionsValidator"/>.</summary>
public sealed class ClusterTlsOptions
{
    public bool Enabled { get; set; }

    /// <summary>PKCS#12 file (<c>.pfx</c>) holding this process's certificate and its private key.</summary>
    public string CertificatePath { get; set; } = "";

    /// <summary>Password of the PFX file. Never written in appsettings.json: set it with the environment
    /// variable <c>BrainTumor__Cluster__Tls__CertificatePassword</c>.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>Which peer certificates are accepted (<see cref="RemoteCertificatePolicy"/>).</summary>
    public string RemoteCertificateValidation { get; set; } = nameof(RemoteCertificatePolicy.SameCertificate);

    /// <summary>Policy <c>Pinned</c>: SHA-256 fingerprints of the accepted peer certificates (hex, colons optional).</summary>
    public List<string> PinnedCertificates { get; set; } = [];

    /// <summary>Policy <c>Chain</c>: the name peers' certificates are issued to (checked, and sent as SNI).</summary>
    public string TargetHost { get; set; } = "";

    /// <summary>The parsed <see cref="RemoteCertificateValidation"/>; <see cref="ClusterTlsOptionsValidator"/> has refused an unknown one.</summary>
    public RemoteCertificatePolicy Policy =>
        TryParsePolicy(RemoteCertificateValidation, out var policy) ? policy : throw new InvalidOperationException(ClusterTlsOptionsValidator.UnknownPolicy(this));

    public static bool TryParsePolicy(string name, out RemoteCertificatePolicy policy) =>
        Enum.TryParse(name, ignoreCase: true, out policy) && Enum.IsDefined(policy);
}
