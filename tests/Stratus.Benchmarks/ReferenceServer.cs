using System.Data.Common;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Stratus.Server.Hosting;

namespace Stratus.Benchmarks;

/// <summary>
/// The reference the server's throughput is measured against: a minimal ASP.NET Core endpoint that does the same
/// storage work with raw ADO.NET and nothing else. <c>POST /create</c> takes the body of a <c>createTodo</c> request and
/// writes the item row and its delta row in one transaction; <c>POST /sync</c> serves the model's items as keyset
/// pages (the last key is the next token). It uses the server's tables on the same database, through a pool of the
/// same kind and settings (an <see cref="NpgsqlDataSource"/> that prepares statements, or SQLite's pool with one
/// writer at a time, as the server does).
/// </summary>
internal sealed class ReferenceServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly NpgsqlDataSource? _postgres;
    private readonly string _connectionString;
    private readonly SemaphoreSlim _sqliteWriter = new(1, 1);

    private ReferenceServer(string connectionString)
    {
        _connectionString = connectionString;
        if (StratusServiceCollectionExtensions.IsPostgres(connectionString))
        {
            _postgres = NpgsqlDataSource.Create(Stratus.Server.Storage.ConnectionFactory.PoolSettings(connectionString));
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/create", CreateAsync);
        _app.MapPost("/sync", SyncAsync);
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Starts on a free loopback port; the database must already hold the server's tables.</summary>
    public static async Task<ReferenceServer> StartAsync(string connectionString)
    {
        var server = new ReferenceServer(connectionString);
        await server._app.StartAsync();
        server.BaseAddress = new Uri(server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return server;
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        DbConnection connection = _postgres is not null ? _postgres.CreateConnection() : new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private async Task CreateAsync(HttpContext http)
    {
        using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        var input = body.RootElement.GetProperty("variables").GetProperty("i");
        var id = Guid.NewGuid().ToString();
        var now = DateTimeOffset.UtcNow;
        var stamp = now.ToUnixTimeMilliseconds();
        var iso = now.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var data = new StringBuilder("{\"id\":").Append(JsonSerializer.Serialize(id));
        foreach (var property in input.EnumerateObject())
        {
            data.Append(',').Append(JsonSerializer.Serialize(property.Name)).Append(':').Append(property.Value.GetRawText());
        }

        data.Append(",\"createdAt\":\"").Append(iso).Append("\",\"updatedAt\":\"").Append(iso).Append("\"}");

        await (_postgres is null ? _sqliteWriter.WaitAsync(http.RequestAborted) : Task.CompletedTask);
        try
        {
            await using var connection = await OpenAsync(http.RequestAborted);
            await using var transaction = await connection.BeginTransactionAsync(http.RequestAborted);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var json = _postgres is null ? "@data" : "CAST(@data AS jsonb)";
            command.CommandText = $"INSERT INTO stratus_items (model, pk, data, version, deleted, last_changed_at, ttl) VALUES ('ReferenceTodo', @pk, {json}, 1, FALSE, @at, NULL); "
                + $"INSERT INTO stratus_deltas (model, pk, version, deleted, last_changed_at, data, expires_at) VALUES ('ReferenceTodo', @pk, 1, FALSE, @at, {json}, @expires)";
            Add(command, "pk", id);
            Add(command, "data", data.ToString());
            Add(command, "at", stamp);
            Add(command, "expires", stamp + 1_800_000);
            await command.ExecuteNonQueryAsync(http.RequestAborted);
            await transaction.CommitAsync(http.RequestAborted);
        }
        finally
        {
            if (_postgres is null)
            {
                _sqliteWriter.Release();
            }
        }

        http.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(http.Response.Body);
        writer.WriteStartObject();
        writer.WriteStartObject("data");
        writer.WriteStartObject("createTodo");
        writer.WriteString("id", id);
        writer.WriteString("name", input.GetProperty("name").GetString());
        writer.WriteNumber("_version", 1);
        writer.WriteNumber("_lastChangedAt", stamp);
        writer.WriteBoolean("_deleted", false);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private async Task SyncAsync(HttpContext http)
    {
        using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        var variables = body.RootElement.GetProperty("variables");
        var limit = variables.GetProperty("limit").GetInt32();
        var after = variables.TryGetProperty("t", out var token) && token.ValueKind == JsonValueKind.String ? token.GetString() : null;

        await using var connection = await OpenAsync(http.RequestAborted);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT pk, data, version, deleted, last_changed_at FROM stratus_items WHERE model = 'Todo' AND pk > @after ORDER BY pk LIMIT @limit";
        Add(command, "after", after ?? "");
        Add(command, "limit", limit + 1);
        await using var reader = await command.ExecuteReaderAsync(http.RequestAborted);

        http.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(http.Response.Body);
        writer.WriteStartObject();
        writer.WriteStartObject("data");
        writer.WriteStartObject("syncTodos");
        writer.WriteStartArray("items");
        string? last = null;
        var count = 0;
        var more = false;
        while (await reader.ReadAsync(http.RequestAborted))
        {
            if (++count > limit)
            {
                more = true;
                break;
            }

            last = reader.GetString(0);
            using var data = JsonDocument.Parse(reader.GetString(1));
            writer.WriteStartObject();
            foreach (var property in data.RootElement.EnumerateObject())
            {
                property.WriteTo(writer);
            }

            writer.WriteNumber("_version", reader.GetInt64(2));
            writer.WriteBoolean("_deleted", reader.GetBoolean(3));
            writer.WriteNumber("_lastChangedAt", reader.GetInt64(4));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (more)
        {
            writer.WriteString("nextToken", last);
        }
        else
        {
            writer.WriteNull("nextToken");
        }

        writer.WriteNumber("startedAt", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        _sqliteWriter.Dispose();
    }
}
