namespace Stratus.DataStore.Storage;

/// <summary>A key/value row of table <c>stratus_settings</c> (the schema hash the tables were last evolved to).</summary>
internal sealed class LocalSetting
{
    public required string Key { get; set; }

    public required string Value { get; set; }
}
