using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Stratus.DataStore.Events;
using Stratus.DataStore.Exceptions;
using Stratus.DataStore.Models;
using Stratus.DataStore.Storage;
using Stratus.Schema.Filters;
using Stratus.Schema.Model;

namespace Stratus.DataStore;

public sealed partial class StratusDataStore
{
    /// <summary>
    /// Deletes the stored record with <paramref name="model"/>'s key, and locally its hasOne/hasMany children, each
    /// with its own queued delete (the server does not cascade). The <paramref name="condition"/> must hold for the
    /// stored record. Returns the deleted records, the named one first.
    /// </summary>
    /// <exception cref="ModelNotFoundException">No record with that key is stored.</exception>
    /// <exception cref="ConditionalSaveFailedException">The condition does not hold.</exception>
    public Task<IReadOnlyList<StratusModel>> DeleteAsync<T>(T model, Expression<Func<T, bool>>? condition = null, CancellationToken cancellationToken = default)
        where T : StratusModel
    {
        ArgumentNullException.ThrowIfNull(model);
        var info = _catalog.Get(model.GetType());
        var filter = condition is null ? null : Condition(info, condition);
        return DeleteByKeyAsync(info, info.KeyValues(model), filter, cancellationToken);
    }

    /// <summary>Deletes the record with this id (and its children); see <see cref="DeleteAsync{T}(T, Expression{Func{T, bool}}?, CancellationToken)"/>.</summary>
    public Task<IReadOnlyList<StratusModel>> DeleteAsync<T>(string id, CancellationToken cancellationToken = default)
        where T : StratusModel => DeleteByKeyAsync<T>([id], cancellationToken);

    /// <summary>Deletes the record with these key values, in key order (and its children).</summary>
    public Task<IReadOnlyList<StratusModel>> DeleteByKeyAsync<T>(object?[] keyValues, CancellationToken cancellationToken = default)
        where T : StratusModel => DeleteByKeyAsync(_catalog.Get<T>(), keyValues, null, cancellationToken);

    /// <summary>
    /// Deletes every record matching <paramref name="predicate"/> (pass <c>_ => true</c> for all) and their
    /// children, in one transaction. Returns the deleted records; none match, none are deleted.
    /// </summary>
    public Task<IReadOnlyList<StratusModel>> DeleteAsync<T>(Expression<Func<T, bool>> predicate, CancellationToken cancellationToken = default)
        where T : StratusModel
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var info = _catalog.Get<T>();
        var filter = _predicates.Translate(info, predicate);
        return WriteAsync<IReadOnlyList<StratusModel>>(async (db, changes) =>
        {
            var deleted = new List<StratusModel>();
            var visited = new HashSet<(string, string)>();
            foreach (var row in await RowsAsync(db, info, filter, cancellationToken).ConfigureAwait(false))
            {
                await DeleteTreeAsync(db, info, row, visited, deleted, changes, cancellationToken).ConfigureAwait(false);
            }

            return deleted;
        }, cancellationToken);
    }

    private Task<IReadOnlyList<StratusModel>> DeleteByKeyAsync(ModelInfo info, object?[] keyValues, FilterNode? condition, CancellationToken cancellationToken) =>
        WriteAsync<IReadOnlyList<StratusModel>>(async (db, changes) =>
        {
            var rows = await RowsAsync(db, info, KeyFilter(info, keyValues), cancellationToken).ConfigureAwait(false);
            if (rows.Count == 0)
            {
                throw new ModelNotFoundException(info.Name, string.Join("-", keyValues));
            }

            var modelId = info.ModelId(rows[0]);
            if (condition is not null && !await MatchesAsync(db, info, rows[0], condition, cancellationToken).ConfigureAwait(false))
            {
                throw new ConditionalSaveFailedException(info.Name, modelId);
            }

            var deleted = new List<StratusModel>();
            await DeleteTreeAsync(db, info, rows[0], [], deleted, changes, cancellationToken, condition).ConfigureAwait(false);
            return deleted;
        }, cancellationToken);

    /// <summary>Deletes a record, then its hasOne/hasMany children depth first (Amplify's deleteTraverse), each once.</summary>
    private async Task DeleteTreeAsync(LocalDbContext db, ModelInfo info, StratusModel row, HashSet<(string, string)> visited, List<StratusModel> deleted, List<StoredChange> changes, CancellationToken cancellationToken, FilterNode? condition = null)
    {
        var modelId = info.ModelId(row);
        if (!visited.Add((info.Name, modelId)))
        {
            return;
        }

        var json = _codec.ToJson(info, row);
        db.Remove(row);
        await _outbox.EnqueueAsync(db, info.Name, modelId, MutationOperation.Delete, json, condition is null ? null : ConditionWithoutKeys(info, condition), cancellationToken).ConfigureAwait(false);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        row.Store = this;
        deleted.Add(row);
        changes.Add(new StoredChange(OperationType.Delete, row, info, json));
        _logger.LogDebug(EventIds.Deleted, "Delete {Model} {ModelId} queued", info.Name, modelId);

        foreach (var relationship in info.Definition.Fields.Select(f => f.Relationship).OfType<RelationshipDefinition>()
            .Where(r => r.Kind is RelationshipKind.HasMany or RelationshipKind.HasOne))
        {
            var values = relationship.LocalFields.Select(f => info.Field(f).Get(row)).ToList();
            if (values.Any(v => v is null))
            {
                continue;
            }

            var child = _catalog.Get(relationship.RelatedModel);
            foreach (var childRow in await RowsAsync(db, child, child.FieldsEqual(relationship.RelatedFields, values), cancellationToken).ConfigureAwait(false))
            {
                await DeleteTreeAsync(db, child, childRow, visited, deleted, changes, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
