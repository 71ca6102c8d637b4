namespace Stratus.Schema.Model;

/// <summary>A 1-based line and column in the user's SDL.</summary>
public readonly record struct SourcePosition(int Line, int Column)
{
    public override string ToString() => $"line {Line}, column {Column}";
}
