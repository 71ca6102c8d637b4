namespace Stratus.Server.Storage;

/// <summary>Server-wide values that must survive restarts and be shared by replicas (API key, token secret).</summary>
public sealed class SettingRecord
{
    public required string Key { get; set; }

    public required string Value { get; set; }
}
