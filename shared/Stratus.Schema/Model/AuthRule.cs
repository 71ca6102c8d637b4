namespace Stratus.Schema.Model;

/// <summary>One <c>@auth</c> rule, kept as written (enforcement lives in the server).</summary>
public sealed record AuthRule
{
    /// <summary><c>public</c>, <c>private</c>, <c>owner</c>, <c>groups</c> or <c>custom</c>.</summary>
    public required string Allow { get; init; }

    public string? Provider { get; init; }

    public string? OwnerField { get; init; }

    public string? IdentityClaim { get; init; }

    public string? GroupClaim { get; init; }

    public string? GroupsField { get; init; }

    public IReadOnlyList<string> Groups { get; init; } = [];

    /// <summary>Empty means every operation.</summary>
    public IReadOnlyList<string> Operations { get; init; } = [];
}
