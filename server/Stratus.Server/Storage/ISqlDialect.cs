using Stratus.Schema.Filters;
using Stratus.Schema.Model;

namespace Stratus.Server.Storage;

/// <summary>
/// The SQL that differs between SQLite and PostgreSQL: reading a field out of the JSON <c>data</c> column,
/// string and list tests (<see cref="IFilterSqlDialect"/>), and the clock upsert. Everything else (the sync
/// semantics) is shared.
/// </summary>
public interface ISqlDialect : IFilterSqlDialect
{
    /// <summary>Upserts the model's clock to <c>max(last + increment, now)</c> and returns it.</summary>
    string BumpClock(bool increment);

    /// <summary>Locks the item row for the rest of the transaction (PostgreSQL); SQLite's write lock already serializes.</summary>
    string ForUpdate { get; }

    /// <summary>The parameter placeholder for the JSON data column on insert/update.</summary>
    string JsonParameter(string parameter);

    /// <summary>SQL that creates an index on the item data for an <c>@index</c>, if it does not exist.</summary>
    string CreateIndex(string name, string model, IEnumerable<FieldDefinition> fields);
}
