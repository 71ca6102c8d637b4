using Stratus.Server.Tests.Infrastructure;

namespace Stratus.DataStore.Tests.Infrastructure;

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "Postgres";
}
