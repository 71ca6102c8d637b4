using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;
using Stratus.Server.Hosting;

namespace Stratus.Benchmarks;

/// <summary>The reference: the same rows inserted one by one (one implicit transaction each) with plain ADO.NET.</summary>
internal static class RawInserts
{
    public static async Task<double> MeasureAsync(string connectionString, int rows)
    {
        var postgres = StratusServiceCollectionExtensions.IsPostgres(connectionString);
        await using DbConnection connection = postgres ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, postgres
            ? "CREATE TABLE bench (model text, pk text, data jsonb, version bigint, deleted boolean, last_changed_at bigint, PRIMARY KEY (model, pk))"
            : "PRAGMA journal_mode=WAL; CREATE TABLE bench (model TEXT, pk TEXT, data TEXT, version INTEGER, deleted INTEGER, last_changed_at INTEGER, PRIMARY KEY (model, pk))");
        var insert = postgres
            ? "INSERT INTO bench VALUES ('Todo', @pk, CAST(@data AS jsonb), 1, false, @at)"
            : "INSERT INTO bench VALUES ('Todo', @pk, @data, 1, 0, @at)";
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < rows; i++)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = insert;
            Add(command, "@pk", Guid.NewGuid().ToString());
            Add(command, "@data", $"{{\"name\":\"todo {i}\",\"priority\":{i % 5},\"tags\":[\"bench\"]}}");
            Add(command, "@at", (long)i);
            await command.ExecuteNonQueryAsync();
        }

        return rows / clock.Elapsed.TotalSeconds;
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
