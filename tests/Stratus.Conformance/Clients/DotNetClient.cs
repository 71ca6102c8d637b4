using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stratus.Conformance.Models;
using Stratus.DataStore;
using Stratus.DataStore.Api;
using Stratus.DataStore.Configuration;
using Stratus.DataStore.Events;
using Stratus.DataStore.Models;
using Stratus.Server.Tests.Infrastructure.AmplifyJs;

namespace Stratus.Conformance.Clients;

/// <summary>
/// The .NET DataStore on its own SQLite file, with the models generated from the suite's schema, trusting exactly the
/// server's certificate over HTTPS and wss://. Records cross as JSON by the schema's field names.
/// </summary>
public sealed class DotNetClient : IConformanceClient
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"stratus-conformance-{Guid.NewGuid():N}.db");
    private readonly StratusModels _models = new();
    private readonly HttpClient _http;
    private readonly StratusDataStore _store;

    /// <summary>
    /// A client of the server; a conflict is retried on the server's version (the default handler) unless
    /// <paramref name="discardConflicts"/>; with <paramref name="syncExpression"/>, selective sync; with
    /// <paramref name="token"/>, signed in by OPENID_CONNECT.
    /// </summary>
    public DotNetClient(ConformanceServer server, bool discardConflicts = false, SyncExpressionSpec? syncExpression = null, string? token = null)
    {
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(server.CertificateFile));
        var thumbprint = certificate.Thumbprint;
        _http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == thumbprint });
        var options = new DataStoreOptions
        {
            Models = _models,
            DatabasePath = _path,
            AppSync = token is null
                ? new AppSyncSettings(server.Endpoint, AuthMode.ApiKey, ConformanceServer.ApiKey)
                : new AppSyncSettings(server.Endpoint, AuthMode.OpenIdConnect),
            TokenProvider = token is null ? null : new FixedToken(token),
            HttpClient = _http,
            ConfigureWebSocket = socket => socket.RemoteCertificateValidationCallback = (_, presented, _, _) => presented is X509Certificate2 c && c.Thumbprint == thumbprint,
        };
        if (discardConflicts)
        {
            options.ConflictHandler = (_, _) => ValueTask.FromResult(Stratus.DataStore.Sync.Conflicts.ConflictResolution.Discard);
        }

        if (syncExpression is not null)
        {
            SelectiveSync(options, syncExpression);
        }

        options.Retry.BaseDelay = TimeSpan.FromMilliseconds(50);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(500);
        options.Retry.ReconnectBaseDelay = TimeSpan.FromMilliseconds(100);
        options.Retry.MaxReconnectDelay = TimeSpan.FromMilliseconds(500);
        _store = new StratusDataStore(options);
    }

    public string Kind => "dotnet";

    public async Task StartAsync()
    {
        var ready = Next<ReadyEvent>(_ => true);
        await _store.StartAsync();
        await ready;
    }

    public Task StopAsync() => _store.StopAsync();

    public async Task<JsonObject> SaveAsync(string model, JsonObject fields, bool online = true)
    {
        var type = _models.Types[model];
        var record = (StratusModel)Activator.CreateInstance(type)!;
        Assign(model, record, fields);
        if (type.GetProperty("Id") is { } idProperty && (string)idProperty.GetValue(record)! == "")
        {
            idProperty.SetValue(record, Guid.NewGuid().ToString());
        }

        var saved = ToJson(model, record);
        await WhileSentAsync(model, saved, online, () => Call(nameof(StratusDataStore.SaveAsync), type, record, null, CancellationToken.None));
        return saved;
    }

    public async Task UpdateAsync(string model, JsonObject key, JsonObject changes, bool online = true)
    {
        var type = _models.Types[model];
        var record = (StratusModel?)await Call(nameof(StratusDataStore.FindAsync), type, KeyValues(model, key), CancellationToken.None)
            ?? throw new InvalidOperationException($"{model} {key.ToJsonString()} is not in the .NET store.");
        Assign(model, record, changes);
        await WhileSentAsync(model, key, online, () => Call(nameof(StratusDataStore.SaveAsync), type, record, null, CancellationToken.None));
    }

    public Task DeleteAsync(string model, JsonObject key, bool online = true) =>
        WhileSentAsync(model, key, online, () => Call(nameof(StratusDataStore.DeleteByKeyAsync), _models.Types[model], KeyValues(model, key), CancellationToken.None));

    /// <summary>The key's values in the model's key order, typed as its properties are.</summary>
    private object?[] KeyValues(string model, JsonObject key)
    {
        var type = _models.Types[model];
        return _models.Schema.GetModel(model).PrimaryKey.AllFields.Select(f => Value(type.GetProperty(Property(f))!.PropertyType, key[f])).ToArray();
    }

    public async Task<List<JsonObject>> QueryAsync(string model)
    {
        var records = (System.Collections.IEnumerable)(await Call(nameof(StratusDataStore.QueryAsync), _models.Types[model], null, null, CancellationToken.None))!;
        return records.Cast<StratusModel>().Select(r => ToJson(model, r)).ToList();
    }

    /// <summary>Runs a local write; online, waits until the outbox has sent the change of the record with this key.</summary>
    private async Task WhileSentAsync(string model, JsonObject key, bool online, Func<Task<object?>> write)
    {
        var fields = _models.Schema.GetModel(model).PrimaryKey.AllFields.ToList();
        var sent = online
            ? Next<OutboxMutationProcessedEvent>(e => e.Model == model && fields.All(f => JsonNode.DeepEquals(e.Element[f], key[f])))
            : Task.CompletedTask;
        await write();
        await sent;
    }

    /// <summary>The next event of that kind that matches, from now on.</summary>
    private Task Next<T>(Func<T, bool> match)
        where T : DataStoreEvent
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscription = _store.Events.Subscribe(new EventWatch(e =>
        {
            if (e is T typed && match(typed))
            {
                seen.TrySetResult();
            }
        }));
        return seen.Task.WaitAsync(TimeSpan.FromSeconds(60)).ContinueWith(t =>
        {
            subscription.Dispose();
            return t;
        }, TaskScheduler.Default).Unwrap();
    }

    private sealed class FixedToken(string token) : IAuthTokenProvider
    {
        public ValueTask<string?> GetTokenAsync(AuthMode mode, CancellationToken cancellationToken) => ValueTask.FromResult<string?>(token);
    }

    private sealed class EventWatch(Action<DataStoreEvent> onNext) : IObserver<DataStoreEvent>
    {
        public void OnNext(DataStoreEvent value) => onNext(value);

        public void OnError(Exception error)
        {
        }

        public void OnCompleted()
        {
        }
    }

    /// <summary><c>options.SyncExpression&lt;T&gt;(r =&gt; r.Field == value)</c> for the spec's model.</summary>
    private void SelectiveSync(DataStoreOptions options, SyncExpressionSpec spec)
    {
        var type = _models.Types[spec.Model];
        var record = System.Linq.Expressions.Expression.Parameter(type, "r");
        var property = System.Linq.Expressions.Expression.Property(record, Property(spec.Field));
        var predicate = System.Linq.Expressions.Expression.Lambda(
            typeof(Func<,>).MakeGenericType(type, typeof(bool)),
            System.Linq.Expressions.Expression.Equal(property, System.Linq.Expressions.Expression.Constant(spec.Value, property.Type)),
            record);
        typeof(DataStoreOptions).GetMethod(nameof(DataStoreOptions.SyncExpression))!.MakeGenericMethod(type).Invoke(options, [predicate]);
    }

    /// <summary>Calls the store's generic method of that name for the model's type (the one whose parameters fit).</summary>
    private async Task<object?> Call(string name, Type type, params object?[] arguments)
    {
        var method = typeof(StratusDataStore).GetMethods()
            .Where(m => m.Name == name && m.IsGenericMethodDefinition && m.GetParameters().Length == arguments.Length)
            .Select(m => m.MakeGenericMethod(type))
            .First(m => m.GetParameters().Zip(arguments).All(p => p.Second is null ? !p.First.ParameterType.IsValueType : p.First.ParameterType.IsInstanceOfType(p.Second)));
        var task = (Task)method.Invoke(_store, arguments)!;
        await task;
        return task.GetType().GetProperty("Result")?.GetValue(task);
    }

    /// <summary>
    /// Sets the model's properties (the field name, capitalised) from JSON values; a belongsTo field given as the
    /// related record's id sets the foreign key it reads.
    /// </summary>
    private void Assign(string model, StratusModel record, JsonObject fields)
    {
        var definition = _models.Schema.GetModel(model);
        foreach (var (name, value) in fields)
        {
            var field = definition.FindField(name) ?? throw new ArgumentException($"{model} has no field {name}.");
            var target = field.Relationship is { Kind: Stratus.Schema.Model.RelationshipKind.BelongsTo } relationship ? relationship.LocalFields[0] : name;
            var property = record.GetType().GetProperty(Property(target)) ?? throw new ArgumentException($"{model} has no property for {target} in the .NET models.");
            property.SetValue(record, Value(property.PropertyType, value));
        }
    }

    private static object? Value(Type type, JsonNode? value)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        return value is null ? null
            : target == typeof(AwsDateTime) ? AwsDateTime.Parse(value.GetValue<string>())
            : value.Deserialize(target);
    }

    private static string Property(string field) => char.ToUpperInvariant(field[0]) + field[1..];

    /// <summary>The record's stored (non-relationship) fields as JSON.</summary>
    private JsonObject ToJson(string model, StratusModel record)
    {
        var json = new JsonObject();
        foreach (var field in _models.Schema.GetModel(model).StoredFields)
        {
            var value = record.GetType().GetProperty(Property(field.Name))?.GetValue(record);
            json[field.Name] = value switch
            {
                null => null,
                AwsDateTime time => time.ToString(),
                _ => JsonSerializer.SerializeToNode(value),
            };
        }

        return json;
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        _http.Dispose();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
