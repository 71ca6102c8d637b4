using Stratus.Server.Hosting;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Stratus.Server.Conflicts;
using Stratus.Server.Tests.Infrastructure;
using Stratus.Server.Tests.SyncApi;

namespace Stratus.Server.Tests.Conflicts;

/// <summary>
/// Every conflict strategy × {update, delete} × {current, stale version}: the stored item, its version, the delta
/// rows and the exact error. A stale write arrives with _version 1 after the server moved to version 2.
/// </summary>
public abstract class ConflictMatrixTests : SyncApiTestBase
{
    /// <summary>Each case starts its own server with its strategy.</summary>
    public override Task InitializeAsync() => Task.CompletedTask;

    public static TheoryData<ConflictHandlerKind, bool, bool> Cases()
    {
        var data = new TheoryData<ConflictHandlerKind, bool, bool>();
        foreach (var kind in Enum.GetValues<ConflictHandlerKind>())
        {
            foreach (var delete in new[] { false, true })
            {
                foreach (var stale in new[] { false, true })
                {
                    data.Add(kind, delete, stale);
                }
            }
        }

        return data;
    }

    /// <summary>The in-process LAMBDA handler of the matrix: resolves updates to a fixed title and removes on delete.</summary>
    private sealed class MatrixHandler : IConflictHandler
    {
        public Task<ConflictResolution> ResolveAsync(ConflictRequest request, CancellationToken cancellationToken) =>
            Task.FromResult(request.Resolver.Field.StartsWith("delete", StringComparison.Ordinal)
                ? ConflictResolution.Remove
                : ConflictResolution.Resolve(new JsonObject { ["title"] = "resolved", ["rating"] = 7, ["_version"] = 99, ["id"] = "ignored" }));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Strategy_decides_current_and_stale_writes(ConflictHandlerKind kind, bool delete, bool stale)
    {
        await RestartAsync(o => o.ConflictHandler = kind, s => s.AddSingleton<IConflictHandler, MatrixHandler>());
        var post = await CreatePostAsync(new { title = "original", rating = 1 });
        var id = Id(post);
        if (stale)
        {
            (await UpdatePostAsync(new { id, title = "server", _version = 1 })).Ok();
        }

        var response = delete
            ? await DeletePostAsync(new { id, _version = 1 })
            : await UpdatePostAsync(new { id, title = "client", _version = 1 });
        var stored = (await GetPostAsync(id))!;
        var deltas = await DeltaRowsAsync("Post", id);

        var serverVersion = stale ? 2 : 1;
        var rejected = stale && (kind == ConflictHandlerKind.Optimistic_Concurrency || (delete && kind == ConflictHandlerKind.Automerge));
        if (rejected)
        {
            Assert.Null(response.Body["data"]![delete ? "deletePost" : "updatePost"]);
            var error = response.SingleError;
            Assert.Equal("ConflictUnhandled", error["errorType"]!.GetValue<string>());
            Assert.Equal("Conflict resolver rejects mutation.", error["message"]!.GetValue<string>());
            Assert.Equal(serverVersion, Version(error["data"]!));
            Assert.Equal("server", error["data"]!["title"]!.GetValue<string>());
            Assert.Equal(serverVersion, Version(stored));
            Assert.Null(stored["_deleted"]);
            Assert.Equal(serverVersion, deltas.Count);
            return;
        }

        var result = response.Ok().Data(delete ? "deletePost" : "updatePost")!;
        Assert.Equal(serverVersion + 1, Version(result));
        Assert.Equal(serverVersion + 1, Version(stored));
        Assert.Equal(result.ToJsonString(), stored.ToJsonString());
        Assert.Equal(Enumerable.Range(1, serverVersion + 1).Select(v => ((long)v, delete && v == serverVersion + 1)), deltas);
        if (delete)
        {
            Assert.True(stored["_deleted"]!.GetValue<bool>());
            return;
        }

        var expectedTitle = !stale ? "client" : kind switch
        {
            ConflictHandlerKind.Automerge => "server",
            ConflictHandlerKind.Lambda => "resolved",
            _ => "client",
        };
        Assert.Equal(expectedTitle, stored["title"]!.GetValue<string>());
        Assert.Equal(id, Id(stored));
        Assert.Equal(stale && kind == ConflictHandlerKind.Lambda ? 7 : 1, stored["rating"]!.GetValue<int>());
    }
}

public sealed class SqliteConflictMatrixTests : ConflictMatrixTests
{
    protected override Task<string> CreateDatabaseAsync() => Task.FromResult(SqliteFiles.New());
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresConflictMatrixTests(PostgresFixture postgres) : ConflictMatrixTests
{
    protected override Task<string> CreateDatabaseAsync() => postgres.Server.CreateDatabaseAsync();
}
