namespace BrainTumor.Hosting;

/// <summary>Checks subsection <c>BrainTumor:Cluster:Tls</c> as part of <see cref="ClusterOptionsValidator"/>;
/// nothing is checked while TLS is off.</summary>
public sealed class ClusterTlsOptionsValidator() : SectionValidator<ClusterTlsOptions>(Section)
{
    private const string Section = $"{ClusterOptions.Section}:{nameof(ClusterOptions.Tls)}";

    public const string PinnedKey = $"{Section}:{nameof(ClusterTlsOptions.PinnedCertificates)}";

    protected internal override IEnumerable<string> Failures(ClusterTlsOptions tls)
    {
        if (!tls.Enabled)
            yield break;
        if (string.IsNullOrWhiteSpace(tls.CertificatePath))
            yield return Failure(nameof(tls.CertificatePath), "TLS is enabled but no certificate is given; expected the path of a PFX file");
        else if (!File.Exists(tls.CertificatePath))
            yield return Failure(nameof(tls.CertificatePath), $"'{Path.GetFullPath(tls.CertificatePath)}' does not exist; expected a PFX file");
        if (!ClusterTlsOptions.TryParsePolicy(tls.RemoteCertificateValidation, out var policy))
        {
            yield return UnknownPolicy(tls);
            yield break;
        }
        switch (policy)
        {
            case RemoteCertificatePolicy.Pinned when tls.PinnedCertificates.Count == 0:
                yield return Failure(nameof(tls.PinnedCertificates), "policy Pinned needs at least one SHA-256 fingerprint");
                break;
            case RemoteCertificatePolicy.Pinned:
                foreach (var pin in tls.PinnedCertificates)
                    if (CertificateFingerprint.Problem(pin, PinnedKey) is { } problem)
                        yield return problem;
                break;
            case RemoteCertificatePolicy.Chain when string.IsNullOrWhiteSpace(tls.TargetHost):
                yield return Failure(nameof(tls.TargetHost), "policy Chain needs the host name the peers' certificates are issued to");
                break;
        }
    }

    public static string UnknownPolicy(ClusterTlsOptions tls) =>
        ConfigurationError.Message($"{Section}:{nameof(tls.RemoteCertificateValidation)}",
            $"'{tls.RemoteCertificateValidation}' is not a policy; expected one of {string.Join(", ", Enum.GetNames<RemoteCertificatePolicy>())}");
}
