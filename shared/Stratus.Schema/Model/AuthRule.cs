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

    private static readonly HashSet<string> ReadOperations = ["get", "list", "sync", "listen", "search"];

    /// <summary>The provider the rule applies to: as written, else Amplify's default for the rule kind.</summary>
    public string EffectiveProvider => Provider ?? Allow switch
    {
        "public" => "apiKey",
        "custom" => "function",
        _ => "userPools",
    };

    /// <summary>Whether the rule grants an operation; <c>read</c> stands for get, list, sync, listen and search.</summary>
    public bool Grants(string operation) =>
        Operations.Count == 0
        || Operations.Contains(operation)
        || (ReadOperations.Contains(operation) && Operations.Contains("read"));
}
