namespace Stratus.Server.Hosting;

/// <summary>The API key and the page-token secret, loaded (or created) from the database at start.</summary>
public sealed class ServerKeys
{
    private string? _apiKey;
    private byte[]? _tokenSecret;

    public string ApiKey => _apiKey ?? throw new InvalidOperationException("The server keys are not loaded yet.");

    public byte[] TokenSecret => _tokenSecret ?? throw new InvalidOperationException("The server keys are not loaded yet.");

    /// <summary>True when the key was generated rather than configured.</summary>
    public bool ApiKeyGenerated { get; private set; }

    internal void Set(string apiKey, bool generated, byte[] tokenSecret)
    {
        _apiKey = apiKey;
        ApiKeyGenerated = generated;
        _tokenSecret = tokenSecret;
    }
}
