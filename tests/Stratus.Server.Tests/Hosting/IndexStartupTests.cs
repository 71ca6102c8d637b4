using Npgsql;
using Stratus.Server.Tests.Infrastructure;

namespace Stratus.Server.Tests.Hosting;

/// <summary>
/// On PostgreSQL an <c>@index</c> reads its fields with their types (an Int as a number). Stored items whose values
/// do not read so (written before the schema changed the field's type) stop the start with a message that says
/// which index and what to fix, not a bare database error.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class IndexStartupTests(PostgresFixture postgres)
{
    [Fact]
    public async Task An_index_whose_stored_values_do_not_fit_its_types_stops_the_start_with_what_to_fix()
    {
        var database = await postgres.Server.CreateDatabaseAsync();
        var schema = Path.Combine(AppContext.BaseDirectory, "Schemas", "blog.graphql");
        await using (var server = await StratusTestServer.StartAsync(database, schema))
        {
            (await server.PostAsync("mutation { createPost(input: {id: \"p\", title: \"t\", status: PUBLISHED, rating: 3}) { id } }")).Ok();
        }

        // As if rating had been a String when this item was written.
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "DROP INDEX \"ix_Post_byStatus_by_key\"; UPDATE stratus_items SET data = jsonb_set(data, '{rating}', '\"high\"') WHERE model = 'Post'", connection);
            await command.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StratusTestServer.StartAsync(database, schema));

        Assert.Contains("@index \"byStatus\" on Post (status: Status, rating: Int)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Correct those items, or the field's type in the schema.", error.Message, StringComparison.Ordinal);
    }
}
