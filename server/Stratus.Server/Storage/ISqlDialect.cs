using Stratus.Schema.Filters;
using Stratus.Schema.Model;

namespace Stratus.Server.Storage;

/// <summary>
/// The SQL that differs between SQLite and PostgreSQL: reading a field out of the JSON <c>data</c> column,
/// string and list tests (<see cref="IFilterSqlDialect"/>), and the clock. Everything else (the sync
/// semantics) is shared.
/// </summary>
public interface ISqlDialect : IFilterSqlDialect
{
    /// <summary>
    /// The first statements of a write's transaction: they return the write's stamp as <c>stratus_stamp</c>, at least
    /// <paramref name="now"/> and above the model's clock. SQLite (one writer at a time) moves the clock with every
    /// write; PostgreSQL takes the model's write lock in shared mode, so writers never wait for each other, only for
    /// a sync reading the clock (<see cref="ReadClock"/>), and leave the clock to the syncs.
    /// </summary>
    string StartWrite(string model, string now);

    /// <summary>
    /// Returns a sync's <c>startedAt</c> as <c>stratus_stamp</c>, once no write of the model is in flight, such that
    /// every later write is stamped above it: PostgreSQL takes the model's write lock exclusively for the moment and
    /// raises the stored clock to <paramref name="now"/>; SQLite (under the store's writer gate) only reads it.
    /// </summary>
    string ReadClock(string model, string now);

    /// <summary>
    /// Upkeep the sweeper runs after each sweep, or null: SQLite refreshes the statistics its planner needs to pick
    /// the <c>@index</c> indexes (PostgreSQL's autovacuum does that by itself).
    /// </summary>
    string? Maintenance { get; }

    /// <summary>
    /// A whole create in one statement list, or null where there is none (SQLite, whose writes commit in groups):
    /// after <see cref="StartWrite"/>'s lock, inserts the item and its delta row with the write's stamp only if the
    /// key is not stored, and returns the stamp as <c>stratus_stamp</c> (no row when the key exists).
    /// </summary>
    string? CreateIfAbsent(string model, string pk, string data, string now, string expires);

    /// <summary>Locks the item row for the rest of the transaction (PostgreSQL); SQLite's write lock already serializes.</summary>
    string ForUpdate { get; }

    /// <summary>The parameter placeholder for the JSON data column on insert/update.</summary>
    string JsonParameter(string parameter);

    /// <summary>
    /// SQL that creates an index on the item data for an <c>@index</c>, if it does not exist: partial on the model,
    /// on the key fields' expressions and then the encoded key, so a query's whole order comes from the index.
    /// </summary>
    string CreateIndex(string name, string model, IEnumerable<FieldDefinition> fields);
}
