using Stratus.DataStore.Models;
using Stratus.Schema.Model;

namespace Stratus.DataStore.Sync.Pull;

/// <summary>
/// The order models sync in (amplify-js sync/processors/sync.ts): a model after the models its belongsTo fields
/// point at, so children arrive after their parents; models of one level run together.
/// </summary>
internal static class SyncOrder
{
    public static IReadOnlyList<IReadOnlyList<ModelInfo>> Levels(IEnumerable<ModelInfo> models)
    {
        var left = models.ToList();
        var done = new HashSet<string>(StringComparer.Ordinal);
        var levels = new List<IReadOnlyList<ModelInfo>>();
        while (left.Count > 0)
        {
            var ready = left.Where(m => Parents(m).All(p => done.Contains(p) || p == m.Name || left.All(o => o.Name != p))).ToList();
            if (ready.Count == 0)
            {
                // A cycle of belongsTo links: the rest sync together.
                ready = left;
            }

            levels.Add(ready);
            left = [.. left.Except(ready)];
            done.UnionWith(ready.Select(m => m.Name));
        }

        return levels;
    }

    private static IEnumerable<string> Parents(ModelInfo model) =>
        model.Definition.Fields.Select(f => f.Relationship).OfType<RelationshipDefinition>()
            .Where(r => r.Kind == RelationshipKind.BelongsTo).Select(r => r.RelatedModel);
}
