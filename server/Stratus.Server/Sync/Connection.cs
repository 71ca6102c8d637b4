namespace Stratus.Server.Sync;

/// <summary>A <c>Model*Connection</c> result: <c>items</c>, <c>nextToken</c> (null on the last page), <c>startedAt</c>.</summary>
public sealed record Connection(IReadOnlyList<object?> Items, string? NextToken, long? StartedAt)
{
    public Dictionary<string, object?> ToGraphQL() => new()
    {
        ["items"] = Items,
        ["nextToken"] = NextToken,
        ["startedAt"] = StartedAt,
    };
}
