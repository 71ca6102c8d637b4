using System.Text.Json;

namespace Stratus.Server.Graphql;

/// <summary>
/// The JSON a request may be: no property named twice in one object (<c>{"query": A, "query": B}</c> would run
/// whichever one the reader keeps), nesting at most 64 deep.
/// </summary>
internal static class StrictJson
{
    public static readonly JsonDocumentOptions Options = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    /// <summary>Why the text is not acceptable JSON, or null when it is.</summary>
    public static string? Problem(ReadOnlyMemory<byte> utf8)
    {
        try
        {
            using var _ = JsonDocument.Parse(utf8, Options);
            return null;
        }
        catch (JsonException e)
        {
            return e.Message;
        }
    }

    /// <inheritdoc cref="Problem(ReadOnlyMemory{byte})"/>
    public static string? Problem(string text) => Problem(System.Text.Encoding.UTF8.GetBytes(text));
}
