using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Stratus.Server.Hosting;

/// <summary>
/// The HTTPS certificate: the PEM pair from <c>--tls-cert/--tls-key</c>, or a self-signed certificate for
/// localhost and 127.0.0.1, created once and kept in the data directory (amplify-js v6 only opens wss://).
/// </summary>
public static class TlsCertificates
{
    public static X509Certificate2 Load(StratusOptions options, TimeProvider time, out string? generatedPath)
    {
        generatedPath = null;
        if (options.TlsCert is not null || options.TlsKey is not null)
        {
            if (options.TlsCert is null || options.TlsKey is null)
            {
                throw new ArgumentException("--tls-cert and --tls-key must be given together (PEM certificate and PEM private key).");
            }

            using var pem = X509Certificate2.CreateFromPemFile(options.TlsCert, options.TlsKey);
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }

        Directory.CreateDirectory(options.DataDirectory);
        var path = Path.GetFullPath(Path.Combine(options.DataDirectory, "localhost.pfx"));
        generatedPath = path;
        if (File.Exists(path))
        {
            var existing = X509CertificateLoader.LoadPkcs12FromFile(path, null);
            if (existing.NotAfter > time.GetUtcNow().UtcDateTime.AddDays(1))
            {
                return existing;
            }
        }

        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = time.GetUtcNow();
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(1));
        var bytes = created.Export(X509ContentType.Pkcs12);
        File.WriteAllBytes(path, bytes);
        File.WriteAllText(Path.ChangeExtension(path, ".crt"), created.ExportCertificatePem());
        return X509CertificateLoader.LoadPkcs12(bytes, null);
    }
}
