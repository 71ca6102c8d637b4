using Stratus.Server.Tests.Infrastructure;

namespace Stratus.Server.Tests.SyncApi;

/// <summary>A new SQLite file per test.</summary>
public sealed class SqliteSyncApiTests : SyncApiTests
{
    protected override Task<string> CreateDatabaseAsync() => Task.FromResult(SqliteFiles.New());
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresSyncApiTests(PostgresFixture postgres) : SyncApiTests
{
    protected override Task<string> CreateDatabaseAsync() => postgres.Server.CreateDatabaseAsync();
}

public sealed class SqliteOptimisticConcurrencyTests : OptimisticConcurrencyTests
{
    protected override Task<string> CreateDatabaseAsync() => Task.FromResult(SqliteFiles.New());
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresOptimisticConcurrencyTests(PostgresFixture postgres) : OptimisticConcurrencyTests
{
    protected override Task<string> CreateDatabaseAsync() => postgres.Server.CreateDatabaseAsync();
}
