namespace Stratus.Schema.Model;

/// <summary>
/// The root fields a model exposes. A null name means the operation is switched off
/// (<c>@model(queries: null)</c> and the like).
/// </summary>
public sealed record OperationNames
{
    public string? Get { get; init; }
    public string? List { get; init; }
    public string? Sync { get; init; }
    public string? Create { get; init; }
    public string? Update { get; init; }
    public string? Delete { get; init; }
    public string? OnCreate { get; init; }
    public string? OnUpdate { get; init; }
    public string? OnDelete { get; init; }
}
