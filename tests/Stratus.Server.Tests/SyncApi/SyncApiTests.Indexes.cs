using Microsoft.Extensions.DependencyInjection;
using Stratus.Schema.Filters;
using Stratus.Schema.Model;
using Stratus.Server.Storage;

namespace Stratus.Server.Tests.SyncApi;

/// <summary>
/// An <c>@index</c> is a real database index that the statements of index queries (and, on PostgreSQL, of syncs
/// filtered on its partition field) use, instead of reading every item of the model (checked with each database's
/// own plan).
/// </summary>
public abstract partial class SyncApiTests
{
    [Fact]
    public async Task An_index_query_and_a_sync_filtered_on_the_index_read_the_index()
    {
        for (var i = 0; i < 100; i++)
        {
            await CreatePostAsync(new { title = $"post {i}", status = i % 20 == 0 ? "PUBLISHED" : "DRAFT", rating = i });
        }

        // The sweep's upkeep gathers the statistics a planner needs (SQLite's PRAGMA optimize).
        await Server.Services.GetRequiredService<ItemStore>().SweepAsync(DateTimeOffset.UnixEpoch, CancellationToken.None);

        var schema = Server.Services.GetRequiredService<ModelSchema>();
        var store = Server.Services.GetRequiredService<ItemStore>();
        var post = schema.Models.Single(m => m.Name == "Post");
        var index = post.Indexes.Single(i => i.Name == "byStatus");
        var status = post.GetField("status");
        var rating = post.GetField("rating");
        var byStatus = new QuerySpec { Partition = (status, "PUBLISHED"), OrderBy = [rating], Required = [status, rating], Limit = 10 };
        var filtered = new QuerySpec { Filter = FilterParser.Parse(new Dictionary<string, object?> { ["status"] = new Dictionary<string, object?> { ["eq"] = "PUBLISHED" } }), Limit = 10 };

        // SQLite's planner rightly walks the key in order for a filter its statistics call unselective (an enum of
        // two values), so the filtered sync's plan is checked on PostgreSQL.
        var postgres = Server.Services.GetRequiredService<ConnectionFactory>().Postgres is not null;
        foreach (var spec in postgres ? new[] { byStatus, filtered } : [byStatus])
        {
            var (sql, parameters) = store.QuerySql(post, spec, nowSeconds: 0);
            var plan = await PlanAsync(sql, parameters);
            Assert.True(plan.Contains(ItemStore.IndexName(post, index), StringComparison.Ordinal), $"{sql}\n{plan}");
        }

        // And the index query answers from it, in key order.
        var page = (await Server.PostAsync("{ postsByStatus(status: PUBLISHED, limit: 5) { items { rating } } }")).Ok().Data("postsByStatus")!;
        Assert.Equal([0, 20, 40, 60, 80], page["items"]!.AsArray().Select(i => i!["rating"]!.GetValue<int>()));
    }

    /// <summary>The database's plan for the statement, as text (SQLite's query plan, PostgreSQL's EXPLAIN without sequential scans).</summary>
    private async Task<string> PlanAsync(string sql, SqlParameters parameters)
    {
        var connections = Server.Services.GetRequiredService<ConnectionFactory>();
        await using var connection = await connections.OpenAsync(CancellationToken.None);
        if (connections.Postgres is not null)
        {
            // On a small table a sequential scan is cheapest; turned off, the plan shows whether the index can serve.
            await ItemStore.ExecuteAsync(connection, null, "ANALYZE stratus_items; SET enable_seqscan = off", new SqlParameters(), CancellationToken.None);
        }

        await using var command = ItemStore.CreateCommand(connection, null, (connections.Postgres is null ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + sql, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(reader.FieldCount - 1));
        }

        return string.Join("\n", lines);
    }
}
