using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Stratus.DataStore;
using Stratus.DataStore.Configuration;

// In the DI namespace, so AddStratusDataStore needs no extra using.
namespace Microsoft.Extensions.DependencyInjection;

public static class DataStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers one <see cref="StratusDataStore"/> as a singleton (and <see cref="TimeProvider.System"/> unless one is
    /// registered). <c>services.AddStratusDataStore(o => { o.Models = new StratusModels(); o.DatabasePath = "app.db"; })</c>.
    /// </summary>
    public static IServiceCollection AddStratusDataStore(this IServiceCollection services, Action<DataStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new DataStoreOptions();
        configure(options);
        options.Validate();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(options);
        services.TryAddSingleton(provider => new StratusDataStore(
            provider.GetRequiredService<DataStoreOptions>(),
            provider.GetService<ILogger<StratusDataStore>>(),
            provider.GetRequiredService<TimeProvider>()));
        return services;
    }
}
