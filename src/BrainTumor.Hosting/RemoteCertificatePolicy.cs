namespace BrainTumor.Hosting;

/// <summary>Which certificate a silo or client accepts from the other end of a TLS connection.</summary>
public enum RemoteCertificatePolicy
{
    /// <summary>Exactly the certificate this process presents: one cluster certificate (self-signed is fine)
    /// shared by its silos and clients.</summary>
    SameCertificate,

    /// <summary>Any certificate whose SHA-256 fingerprint is listed (rotation: list the old and the new).</summary>
    Pinned,

    /// <summary>The platform's validation: a chain to a root this machine trusts, issued to the configured host name.</summary>
    Chain,
}
