using Xunit;

namespace Stratus.Server.Tests.Infrastructure;

/// <summary>
/// One PostgreSQL server for every test class of a collection; each test makes its own database. Each test
/// assembly declares its own collection (xunit looks for the definition in the test assembly).
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("PostgreSQL is not started.");

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
