using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace BrainTumor.Hosting;

/// <summary>SHA-256 fingerprints of certificates, written as upper-case hex without separators
/// (<c>openssl x509 -noout -fingerprint -sha256</c> prints the same with colons).</summary>
public static class CertificateFingerprint
{
    public static string Of(X509Certificate2 certificate) => certificate.GetCertHashString(HashAlgorithmName.SHA256);

    /// <summary>The fingerprint as <see cref="Of"/> writes it, or an error naming <paramref name="key"/>.</summary>
    public static string Normalize(string fingerprint, string key) =>
        Problem(fingerprint, key) is { } problem ? throw new InvalidOperationException(problem) : Hex(fingerprint);

    /// <summary>Why <paramref name="fingerprint"/> is not one, naming <paramref name="key"/>; null when it is.</summary>
    public static string? Problem(string fingerprint, string key)
    {
        var hex = Hex(fingerprint);
        return hex.Length == 64 && hex.All(Uri.IsHexDigit)
            ? null
            : ConfigurationError.Message(key, $"'{fingerprint}' is not a SHA-256 fingerprint; expected 64 hex digits (colons allowed)");
    }

    private static string Hex(string fingerprint) => fingerprint.Replace(":", "").Trim().ToUpperInvariant();
}
