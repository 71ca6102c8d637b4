using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Stratus.Schema.Model;
using Stratus.Server.Storage;

namespace Stratus.Server.Hosting;

/// <summary>
/// Runs before the server listens: applies the migrations and creates the <c>@index</c> indexes, and loads (or creates) the
/// API key and the page-token secret, so that restarts and replicas agree on both.
/// </summary>
internal sealed class StartupInitializer(ItemStore store, Auth.ApiKeyStore apiKeys, ModelSchema schema, ServerKeys keys, IOptions<StratusOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.MigrateAsync(schema, cancellationToken);
        var secret = await store.GetOrCreateSettingAsync("token-secret", () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), cancellationToken);
        var configured = options.Value.ApiKey;
        var apiKey = configured ?? await apiKeys.DefaultKeyAsync(cancellationToken);
        keys.Set(apiKey, configured is null, Convert.FromBase64String(secret));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
