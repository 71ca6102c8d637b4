using System.Linq.Expressions;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Stratus.DataStore.Events;
using Stratus.DataStore.Exceptions;
using Stratus.DataStore.Models;
using Stratus.DataStore.Querying;
using Stratus.DataStore.Storage;
using Stratus.Schema.Filters;
using Stratus.Schema.Model;

namespace Stratus.DataStore;

public sealed partial class StratusDataStore
{
    /// <summary>
    /// Inserts or updates a record and queues its mutation, in one transaction. A new record with an empty managed
    /// <c>id</c> gets a UUID (written back to <paramref name="model"/>). An update queues only the changed fields; an
    /// update that changes nothing queues nothing. The <paramref name="condition"/> must hold for the stored record
    /// (checked in the same transaction) and is sent with the mutation.
    /// </summary>
    /// <returns>The record as stored.</returns>
    /// <exception cref="ModelValidationException">A required field is null or a value breaks its scalar's rule.</exception>
    /// <exception cref="DataIntegrityException">A belongsTo parent is not in the local store.</exception>
    /// <exception cref="ConditionalSaveFailedException">The condition does not hold, or there is no stored record to test it on.</exception>
    public Task<T> SaveAsync<T>(T model, Expression<Func<T, bool>>? condition = null, CancellationToken cancellationToken = default)
        where T : StratusModel
    {
        ArgumentNullException.ThrowIfNull(model);
        var info = _catalog.Get(model.GetType());
        var filter = condition is null ? null : Condition(info, condition);
        return WriteAsync((db, changes) => SaveOneAsync(db, info, model, filter, changes, cancellationToken), cancellationToken);
    }

    /// <summary>Saves many records (of any models) in one transaction: all are written or, on the first error, none.</summary>
    public Task<IReadOnlyList<T>> SaveAllAsync<T>(IEnumerable<T> models, CancellationToken cancellationToken = default)
        where T : StratusModel
    {
        var list = models?.ToList() ?? throw new ArgumentNullException(nameof(models));
        return WriteAsync<IReadOnlyList<T>>(async (db, changes) =>
        {
            var saved = new List<T>(list.Count);
            foreach (var model in list)
            {
                saved.Add(await SaveOneAsync(db, _catalog.Get(model.GetType()), model, null, changes, cancellationToken, batched: true).ConfigureAwait(false));
            }

            await FlushAsync(db, cancellationToken).ConfigureAwait(false);
            return saved;
        }, cancellationToken);
    }

    // In a batch, a record that just got its id (so cannot be stored yet) is written with the batch's next flush;
    // anything that reads the database first (a lookup, a parent check) flushes what is pending.
    private async Task<T> SaveOneAsync<T>(LocalDbContext db, ModelInfo info, T model, FilterNode? condition, List<StoredChange> changes, CancellationToken cancellationToken, bool batched = false)
        where T : StratusModel
    {
        var isNew = info.HasManagedId && info.Keys[0].Get(model) is null or "";
        if (isNew)
        {
            info.Keys[0].Set(model, _options.NewId());
        }

        var defer = batched && isNew && !info.Definition.Fields.Any(f => f.Relationship?.Kind == RelationshipKind.BelongsTo);
        if (!defer)
        {
            await FlushAsync(db, cancellationToken).ConfigureAwait(false);
        }

        _validator.Validate(info, model);
        await CheckParentsAsync(db, info, model, cancellationToken).ConfigureAwait(false);
        var modelId = info.ModelId(model);
        var existing = isNew ? null : await db.FindAsync(info.ClrType, info.KeyValues(model), cancellationToken).ConfigureAwait(false);
        MutationOperation operation;
        JsonObject data;
        JsonObject record;
        if (existing is null)
        {
            if (condition is not null)
            {
                throw new ConditionalSaveFailedException(info.Name, modelId);
            }

            db.Add(model);
            if (isNew)
            {
                db.Metadata.Add(new RecordMetadata { ModelName = info.Name, ModelId = modelId });
            }
            else
            {
                // A record deleted and saved again keeps its metadata row (and the version its mutations carry).
                await db.Database.ExecuteSqlAsync(
                    $"INSERT OR IGNORE INTO stratus_record_metadata (\"ModelName\", \"ModelId\", \"Deleted\") VALUES ({info.Name}, {modelId}, 0)",
                    cancellationToken).ConfigureAwait(false);
            }

            operation = MutationOperation.Create;
            data = _codec.ToJson(info, model);
            record = data;
        }
        else
        {
            if (condition is not null && !await MatchesAsync(db, info, model, condition, cancellationToken).ConfigureAwait(false))
            {
                throw new ConditionalSaveFailedException(info.Name, modelId);
            }

            var entry = db.Entry(existing);
            entry.CurrentValues.SetValues(model);
            // Server-set fields (createdAt, updatedAt) left empty by the caller keep their stored values.
            foreach (var field in info.Fields.Where(f => f.Field.IsReadOnly && f.Get(model) is null))
            {
                var property = entry.Property(field.Property.Name);
                property.CurrentValue = property.OriginalValue;
                property.IsModified = false;
            }

            var changed = entry.Properties.Where(p => p.IsModified).Select(p => p.Metadata.Name).ToHashSet(StringComparer.Ordinal);
            if (changed.Count == 0)
            {
                model.Store = this;
                return model;
            }

            operation = MutationOperation.Update;
            data = _codec.ToJson(info, model, info.Fields.Where(f => info.Keys.Contains(f) || changed.Contains(f.Property.Name)));
            record = _codec.ToJson(info, existing);
        }

        var conditionJson = condition is null ? null : ConditionWithoutKeys(info, condition);
        await _outbox.EnqueueAsync(db, info.Name, modelId, operation, data, conditionJson, cancellationToken).ConfigureAwait(false);
        if (!defer)
        {
            await FlushAsync(db, cancellationToken).ConfigureAwait(false);
        }

        // The returned and published record is a new instance read from the stored form, as a query would return it.
        var stored = (T)_codec.FromJson(info, record);
        stored.Store = this;
        model.Store = this;
        changes.Add(new StoredChange(operation == MutationOperation.Create ? OperationType.Insert : OperationType.Update, stored, info, record));
        _logger.LogDebug(EventIds.Saved, "{Operation} {Model} {ModelId} queued", operation, info.Name, modelId);
        return stored;
    }

    private static async Task FlushAsync(LocalDbContext db, CancellationToken cancellationToken)
    {
        if (db.ChangeTracker.HasChanges())
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Amplify's data integrity rule: a belongsTo key that is set must name a parent in the local store.</summary>
    private async Task CheckParentsAsync(LocalDbContext db, ModelInfo info, object model, CancellationToken cancellationToken)
    {
        foreach (var relationship in info.Definition.Fields.Where(f => f.Relationship?.Kind == RelationshipKind.BelongsTo))
        {
            var rel = relationship.Relationship!;
            var values = rel.LocalFields.Select(f => info.Field(f).Get(model)).ToArray();
            if (values.Any(v => v is null))
            {
                continue;
            }

            var parent = _catalog.Get(rel.RelatedModel);
            if (await CountAsync(db, parent, parent.FieldsEqual(rel.RelatedFields, values), cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new DataIntegrityException(info.Name, relationship.Name, parent.Name, string.Join("-", values));
            }
        }
    }

    /// <summary>Whether the stored record with this key matches the condition, evaluated in SQL.</summary>
    private static async Task<bool> MatchesAsync(LocalDbContext db, ModelInfo info, object model, FilterNode condition, CancellationToken cancellationToken)
    {
        var byKey = info.FieldsEqual(info.Keys.Select(k => k.Field.Name), info.KeyValues(model));
        return await CountAsync(db, info, new AndFilter([byKey, condition]), cancellationToken).ConfigureAwait(false) > 0;
    }

    private FilterNode Condition<T>(ModelInfo info, Expression<Func<T, bool>> condition)
    {
        var filter = _predicates.Translate(info, condition);
        // Conditions are flat, as Amplify's and AppSync's: they test the record's own fields.
        return HasRelated(filter)
            ? throw new ArgumentException($"A {info.Name} condition tests the record's own fields; it cannot reach across relationships.", nameof(condition))
            : filter;
    }

    /// <summary>The condition as sent to AppSync: key fields are left out, as amplify-js does (the key is in the input).</summary>
    private static JsonObject? ConditionWithoutKeys(ModelInfo info, FilterNode condition)
    {
        var keys = info.Keys.Select(k => k.Field.Name).ToHashSet(StringComparer.Ordinal);
        return Strip(condition) is { } left ? FilterJson.ToJson(left) : null;

        FilterNode? Strip(FilterNode node) => node switch
        {
            FieldFilter f when keys.Contains(f.Field) => null,
            AndFilter and => and.Children.Select(Strip).OfType<FilterNode>().ToList() is { Count: > 0 } rest ? new AndFilter(rest) : null,
            _ => node,
        };
    }
}
