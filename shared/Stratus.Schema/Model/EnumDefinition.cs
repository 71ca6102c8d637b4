namespace Stratus.Schema.Model;

public sealed record EnumDefinition(string Name, IReadOnlyList<string> Values);
