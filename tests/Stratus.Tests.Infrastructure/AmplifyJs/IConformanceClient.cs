using System.Text.Json.Nodes;

namespace Stratus.Server.Tests.Infrastructure.AmplifyJs;

/// <summary>Selective sync on one field: only records of <paramref name="Model"/> whose <paramref name="Field"/> equals <paramref name="Value"/>.</summary>
public sealed record SyncExpressionSpec(string Model, string Field, int Value);

/// <summary>
/// One DataStore client of a scenario, amplify-js or .NET, with its own store for the whole scenario. Records go in
/// and out as JSON objects keyed by the schema's field names, so every scenario runs the same in every pairing.
/// </summary>
public interface IConformanceClient : IAsyncDisposable
{
    /// <summary><c>js</c> or <c>dotnet</c>.</summary>
    string Kind { get; }

    /// <summary>Starts syncing and returns once the client is ready (its base or delta sync done, subscriptions up).</summary>
    Task StartAsync();

    /// <summary>Stops syncing: the client is offline; its records and pending changes stay.</summary>
    Task StopAsync();

    /// <summary>
    /// Creates a record; online, returns once it has been sent. A belongsTo field may be given as the related
    /// record's id (<c>"blog": "b1"</c>).
    /// </summary>
    Task<JsonObject> SaveAsync(string model, JsonObject fields, bool online = true);

    /// <summary>Changes some fields of the record with this key (its key fields); online, returns once it has been sent.</summary>
    Task UpdateAsync(string model, JsonObject key, JsonObject changes, bool online = true);

    /// <summary>Deletes the record with this key (its key fields); online, returns once it has been sent.</summary>
    Task DeleteAsync(string model, JsonObject key, bool online = true);

    /// <summary>The model's records in the client's store.</summary>
    Task<List<JsonObject>> QueryAsync(string model);
}
