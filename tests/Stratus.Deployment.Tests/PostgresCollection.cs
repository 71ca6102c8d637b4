using Stratus.Server.Tests.Infrastructure;

namespace Stratus.Deployment.Tests;

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "Postgres";
}
