using Stratus.Schema.Filters;
using Stratus.Schema.Model;

namespace Stratus.DataStore.Querying;

/// <summary>
/// Filter SQL over the local tables, where each field is its own column (<c>alias."field"</c>) and list columns
/// hold JSON arrays. Strings compare BINARY, i.e. by code point, as on the server.
/// </summary>
internal sealed class SqliteColumnDialect : IFilterSqlDialect
{
    public static SqliteColumnDialect Instance { get; } = new();

    public string Field(FieldDefinition field, string column = "data") => $"{column}.\"{field.Name}\"";

    public string ListContains(FieldDefinition field, string parameter, string column = "data") =>
        $"EXISTS (SELECT 1 FROM json_each({column}.\"{field.Name}\") WHERE value = {parameter})";

    public string ListEquals(FieldDefinition field, string parameter, string column = "data") =>
        $"(json({column}.\"{field.Name}\") = json({parameter}))";

    public string StringContains(string expression, string parameter) => $"instr({expression}, {parameter}) > 0";

    public string BeginsWith(string expression, string parameter) => $"substr({expression}, 1, length({parameter})) = {parameter}";
}
