using Stratus.Schema.Model;

namespace Stratus.Server.Storage.Sqlite;

/// <summary>SQLite's JSON1 functions over the TEXT <c>data</c> column; strings compare BINARY (by code point).</summary>
public sealed class SqliteDialect : ISqlDialect
{
    public string Field(FieldDefinition field, string column = "data") => $"json_extract({column}, '$.\"{field.Name}\"')";

    public string ListContains(FieldDefinition field, string parameter, string column = "data") =>
        $"EXISTS (SELECT 1 FROM json_each({column}, '$.\"{field.Name}\"') WHERE value = {parameter})";

    public string ListEquals(FieldDefinition field, string parameter, string column = "data") =>
        $"(json_extract({column}, '$.\"{field.Name}\"') = json({parameter}))";

    public string StringContains(string expression, string parameter) => $"instr({expression}, {parameter}) > 0";

    public string BeginsWith(string expression, string parameter) => $"substr({expression}, 1, length({parameter})) = {parameter}";

    public string StartWrite(string model, string now) => Upsert(model, now, $"MAX(stratus_clocks.last_stamp + 1, {now})");

    /// <summary>
    /// Only reads: the store holds its single writer gate meanwhile, and makes the next writes stamp above the
    /// answer (see <c>ItemStore.ReadClockAsync</c>), so a sync costs no write transaction.
    /// </summary>
    public string ReadClock(string model, string now) =>
        $"SELECT MAX(COALESCE((SELECT last_stamp FROM stratus_clocks WHERE model = {model}), 0), {now} - 1) AS stratus_stamp";

    private static string Upsert(string model, string now, string next) =>
        $"INSERT INTO stratus_clocks (model, last_stamp) VALUES ({model}, {now}) ON CONFLICT (model) DO UPDATE SET last_stamp = {next} RETURNING last_stamp AS stratus_stamp";

    public string ForUpdate => "";

    public string? CreateIfAbsent(string model, string pk, string data, string now, string expires) => null;

    public string? Maintenance => "PRAGMA analysis_limit=1000; PRAGMA optimize=0x10002";

    public string JsonParameter(string parameter) => parameter;

    public string CreateIndex(string name, string model, IEnumerable<FieldDefinition> fields) =>
        $"CREATE INDEX IF NOT EXISTS \"{name}\" ON stratus_items (model, {string.Join(", ", fields.Select(f => Field(f)))}, pk) WHERE model = {ItemStore.ModelLiteral(model)}";
}
