using Stratus.Schema.Model;

namespace Stratus.Server.Storage;

/// <summary>
/// The SQL that differs between SQLite and PostgreSQL: reading a field out of the JSON <c>data</c> column,
/// string and list tests, and the clock upsert. Everything else (the sync semantics) is shared.
/// Field names reaching here are schema identifiers (<c>[_A-Za-z][_0-9A-Za-z]*</c>), never user input.
/// </summary>
public interface ISqlDialect
{
    /// <summary>An expression of the field's value, typed for comparisons (strings compare by code point).</summary>
    string Field(FieldDefinition field, string column = "data");

    /// <summary>True when the list field contains the parameter's value as an element.</summary>
    string ListContains(FieldDefinition field, string parameter, string column = "data");

    /// <summary>True when the list field equals the JSON array in the parameter (a JSON text).</summary>
    string ListEquals(FieldDefinition field, string parameter, string column = "data");

    /// <summary>True when the string expression contains the parameter as a substring.</summary>
    string StringContains(string expression, string parameter);

    string BeginsWith(string expression, string parameter);

    /// <summary>Upserts the model's clock to <c>max(last + increment, now)</c> and returns it.</summary>
    string BumpClock(bool increment);

    /// <summary>Locks the item row for the rest of the transaction (PostgreSQL); SQLite's write lock already serializes.</summary>
    string ForUpdate { get; }

    /// <summary>The parameter placeholder for the JSON data column on insert/update.</summary>
    string JsonParameter(string parameter);

    /// <summary>SQL that creates an index on the item data for an <c>@index</c>, if it does not exist.</summary>
    string CreateIndex(string name, string model, IEnumerable<FieldDefinition> fields);
}
