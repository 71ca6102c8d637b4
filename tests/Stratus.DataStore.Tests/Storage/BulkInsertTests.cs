using Microsoft.Data.Sqlite;
using Stratus.DataStore.Models;
using Stratus.DataStore.Storage;
using Stratus.DataStore.Tests.Infrastructure;
using Stratus.DataStore.Tests.Models;

namespace Stratus.DataStore.Tests.Storage;

/// <summary>The insert path of a sync page into an empty store writes the very row EF Core's save writes.</summary>
public sealed class BulkInsertTests : LocalStoreTest
{
    [Fact]
    public async Task A_record_of_every_field_type_lands_as_SaveChanges_writes_it_and_so_does_its_metadata()
    {
        Post Make(string id) => new()
        {
            Id = id, Title = "", Rating = -42, Score = 3.25, Published = false, Status = Status.ARCHIVED,
            Tags = ["x", ""], Statuses = [Status.DRAFT, null], Address = new Address { Street = "Main 1", City = null, Zip = 1234 },
            PublishedOn = new DateOnly(2024, 2, 29), PublishedAt = AwsTime.Parse("23:59:58.123+05:30"),
            EditedAt = AwsDateTime.Parse("2024-03-01T08:30:15.250123456-05:00"), Stamp = 1_700_000_000_123,
            Contact = "a@example.com", Metadata = "{\"k\":[1,2]}", Link = "https://example.com/a", Phone = null, Ip = "10.0.0.1/8", Views = 7,
        };
        await Store.SaveAsync(Make("saved"));
        var info = Store.Catalog.Get("Post");

        await Store.Writer.WriteAsync((db, _) =>
        {
            BulkInsert.Insert(db, info, Store.Codec, [new RecordMetadata { ModelName = "Post", ModelId = "bulk", Version = 3, LastChangedAt = 99 }], [Make("bulk")]);
            return Task.FromResult(true);
        }, CancellationToken.None);

        var saved = await RowAsync("SELECT * FROM \"Post\" WHERE id = 'saved'");
        var bulk = await RowAsync("SELECT * FROM \"Post\" WHERE id = 'bulk'");
        Assert.Equal(saved.Where(c => c.Key != "id"), bulk.Where(c => c.Key != "id"));
        Assert.Equal(("String", "[\"x\",\"\"]"), saved["tags"]);
        Assert.Equal(("Int64", "0"), saved["published"]);
        Assert.Equal(
            new Dictionary<string, (string, string?)> { ["ModelName"] = ("String", "Post"), ["ModelId"] = ("String", "bulk"), ["Version"] = ("Int64", "3"), ["Deleted"] = ("Int64", "0"), ["LastChangedAt"] = ("Int64", "99") },
            await RowAsync($"SELECT * FROM {LocalDbContext.MetadataTable} WHERE \"ModelId\" = 'bulk'"));
        Assert.Equal("bulk", (await Store.QueryAsync<Post>("bulk"))!.Id);
    }

    /// <summary>Every column of the one row the query finds: the type SQLite gives its value (its storage class) and the value as text.</summary>
    private async Task<Dictionary<string, (string Type, string? Value)>> RowAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Temp.Path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no row for {sql}");
        var row = new Dictionary<string, (string, string?)>(StringComparer.Ordinal);
        for (var i = 0; i < reader.FieldCount; i++)
        {
            var value = reader.GetValue(i);
            row[reader.GetName(i)] = (value.GetType().Name, value is DBNull ? null : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
        }

        return row;
    }
}
