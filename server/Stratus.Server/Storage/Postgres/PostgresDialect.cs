using Stratus.Schema.AppSync;
using Stratus.Schema.Model;

namespace Stratus.Server.Storage.Postgres;

/// <summary>
/// PostgreSQL's jsonb operators over the <c>data</c> column. Text compares with <c>COLLATE "C"</c> so that
/// ordering and ranges give the same results as SQLite's BINARY collation.
/// </summary>
public sealed class PostgresDialect : ISqlDialect
{
    public string Field(FieldDefinition field, string column = "data")
    {
        var text = $"({column}->>'{field.Name}')";
        if (field.IsList || field.Kind != FieldKind.Scalar)
        {
            return field.IsList ? $"({column}->'{field.Name}')" : $"{text} COLLATE \"C\"";
        }

        return FilterInputNames.ScalarFamily(field.Scalar!.Value) switch
        {
            "Int" => $"{text}::bigint",
            "Float" => $"{text}::double precision",
            "Boolean" => $"{text}::boolean",
            _ => $"{text} COLLATE \"C\"",
        };
    }

    public string ListContains(FieldDefinition field, string parameter, string column = "data") =>
        $"(({column}->'{field.Name}') @> jsonb_build_array({parameter}))";

    public string ListEquals(FieldDefinition field, string parameter, string column = "data") =>
        $"(({column}->'{field.Name}') = CAST({parameter} AS jsonb))";

    public string StringContains(string expression, string parameter) => $"strpos({expression}, {parameter}) > 0";

    public string BeginsWith(string expression, string parameter) => $"starts_with({expression}, {parameter})";

    /// <summary>The advisory lock space of the models' write locks (the second key is the model name's hash).</summary>
    private const int WriteLockSpace = 736182;

    public string StartWrite(string model, string now) =>
        $"SELECT pg_advisory_xact_lock_shared({WriteLockSpace}, hashtext({model})); "
        + $"SELECT GREATEST((SELECT last_stamp + 1 FROM stratus_clocks WHERE model = {model}), {now}) AS stratus_stamp";

    public string ReadClock(string model, string now) =>
        $"SELECT pg_advisory_xact_lock({WriteLockSpace}, hashtext({model})); "
        + $"INSERT INTO stratus_clocks (model, last_stamp) VALUES ({model}, {now}) ON CONFLICT (model) DO UPDATE "
        + $"SET last_stamp = GREATEST(stratus_clocks.last_stamp, {now}) RETURNING last_stamp AS stratus_stamp";

    public string ForUpdate => " FOR UPDATE";

    public string? CreateIfAbsent(string model, string pk, string data, string now, string expires) =>
        $"SELECT pg_advisory_xact_lock_shared({WriteLockSpace}, hashtext({model})); "
        + $"WITH c AS (SELECT GREATEST((SELECT last_stamp + 1 FROM stratus_clocks WHERE model = {model}), {now}) AS stamp), "
        + $"i AS (INSERT INTO stratus_items (model, pk, data, version, deleted, last_changed_at, ttl) "
        + $"SELECT {model}, {pk}, CAST({data} AS jsonb), 1, FALSE, c.stamp, NULL FROM c ON CONFLICT (model, pk) DO NOTHING RETURNING last_changed_at), "
        + $"d AS (INSERT INTO stratus_deltas (model, pk, version, deleted, last_changed_at, data, expires_at) "
        + $"SELECT {model}, {pk}, 1, FALSE, i.last_changed_at, CAST({data} AS jsonb), {expires} FROM i RETURNING last_changed_at) "
        + "SELECT last_changed_at AS stratus_stamp FROM d";

    public string? Maintenance => null;

    public string JsonParameter(string parameter) => $"CAST({parameter} AS jsonb)";

    public string CreateIndex(string name, string model, IEnumerable<FieldDefinition> fields) =>
        $"CREATE INDEX IF NOT EXISTS \"{name}\" ON stratus_items (model, {string.Join(", ", fields.Select(f => $"({Field(f)})"))}, pk) WHERE model = {ItemStore.ModelLiteral(model)}";
}
