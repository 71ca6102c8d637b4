using Stratus.Schema.Model;

namespace Stratus.Schema.Parsing;

/// <summary>An invalid schema: names the line, the column and the rule that was broken.</summary>
public sealed class SchemaException : Exception
{
    public SchemaException(SourcePosition position, string rule, string detail)
        : base($"Schema error at {position} [{rule}]: {detail}")
    {
        Position = position;
        Rule = rule;
        Detail = detail;
    }

    public SourcePosition Position { get; }

    /// <summary>A short stable name of the rule, e.g. <c>unknown-type</c>.</summary>
    public string Rule { get; }

    public string Detail { get; }
}
