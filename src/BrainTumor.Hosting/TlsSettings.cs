namespace BrainTumor.Hosting;

/// <summary>Section <c>BrainTumor:Cluster:Tls</c>: mutual TLS on every silo-to-silo and client-to-gateway
/// connection. Silos and clients each present the certificate in <see cref="CertificatePath"/>, and a silo
/// refuses any peer (silo or client) without an acceptable one.</summary>
public sealed class TlsSettings
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

    public RemoteCertificatePolicy Policy =>
        Enum.TryParse<RemoteCertificatePolicy>(RemoteCertificateValidation, ignoreCase: true, out var policy) && Enum.IsDefined(policy)
            ? policy
            : throw ConfigurationError.For($"{ClusterSettings.Section}:Tls:{nameof(RemoteCertificateValidation)}",
                $"'{RemoteCertificateValidation}' is not a policy; expected one of {string.Join(", ", Enum.GetNames<RemoteCertificatePolicy>())}");

    public void Validate(string section)
    {
        if (!Enabled) return;
        if (string.IsNullOrWhiteSpace(CertificatePath))
            throw ConfigurationError.For($"{section}:{nameof(CertificatePath)}", "TLS is enabled but no certificate is given; expected the path of a PFX file");
        if (!File.Exists(CertificatePath))
            throw ConfigurationError.For($"{section}:{nameof(CertificatePath)}", $"'{Path.GetFullPath(CertificatePath)}' does not exist; expected a PFX file");
        switch (Policy)
        {
            case RemoteCertificatePolicy.Pinned when PinnedCertificates.Count == 0:
                throw ConfigurationError.For($"{section}:{nameof(PinnedCertificates)}", "policy Pinned needs at least one SHA-256 fingerprint");
            case RemoteCertificatePolicy.Pinned:
                foreach (var pin in PinnedCertificates)
                    _ = CertificateFingerprint.Normalize(pin, $"{section}:{nameof(PinnedCertificates)}");
                break;
            case RemoteCertificatePolicy.Chain when string.IsNullOrWhiteSpace(TargetHost):
                throw ConfigurationError.For($"{section}:{nameof(TargetHost)}", "policy Chain needs the host name the peers' certificates are issued to");
        }
    }
}
