using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BrainTumor.Testing;

namespace BrainTumor.Hosting.Tests;

/// <summary>Self-signed certificates made for one test, written as password-protected PFX files.</summary>
public static class TestCertificates
{
    public const string Password = "test-only-pfx-password";

    public static X509Certificate2 SelfSigned(string subject, byte[]? serialNumber = null, params string[] usages)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256);
        if (usages.Length > 0)
        {
            var oids = new OidCollection();
            foreach (var usage in usages) oids.Add(new Oid(usage));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, critical: false));
        }
        var notBefore = DateTimeOffset.UtcNow.AddMinutes(-5);
        var notAfter = notBefore.AddDays(1);
        if (serialNumber is null)
            return request.CreateSelfSigned(notBefore, notAfter);
        using var signed = request.Create(new X500DistinguishedName($"CN={subject}"), X509SignatureGenerator.CreateForECDsa(key), notBefore, notAfter, serialNumber);
        return signed.CopyWithPrivateKey(key);
    }

    /// <summary>The certificate with its key as a PFX file protected by <see cref="Password"/>.</summary>
    public static string WritePfx(X509Certificate2 certificate, string name)
    {
        var path = Path.Combine(TestPaths.NewTempDirectory("tls"), $"{name}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return path;
    }
}
