using Microsoft.Extensions.Options;
using Stratus.Server.Hosting;

namespace Stratus.Server.Conflicts;

/// <summary>Which conflict handler applies to a model: its own setting, else the server-wide default.</summary>
public sealed class ConflictPolicy(IOptions<StratusOptions> options)
{
    public ConflictHandlerKind For(string model) =>
        options.Value.Conflicts.Models.TryGetValue(model, out var kind) ? kind : options.Value.ConflictHandler;
}
