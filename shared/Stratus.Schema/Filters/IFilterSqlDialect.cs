using Stratus.Schema.Model;

namespace Stratus.Schema.Filters;

/// <summary>
/// How a SQL engine reads a field and tests strings and lists, for <see cref="FilterSql"/>.
/// Field names reaching here are schema identifiers (<c>[_A-Za-z][_0-9A-Za-z]*</c>), never user input.
/// </summary>
public interface IFilterSqlDialect
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
}
