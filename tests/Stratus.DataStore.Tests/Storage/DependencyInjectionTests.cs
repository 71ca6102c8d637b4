using Microsoft.Extensions.DependencyInjection;
using Stratus.DataStore.Tests.Models;

namespace Stratus.DataStore.Tests.Storage;

public sealed class DependencyInjectionTests
{
    [Fact]
    public async Task AddStratusDataStore_registers_one_working_store()
    {
        var path = Path.Combine(Path.GetTempPath(), $"stratus-di-{Guid.NewGuid():N}.db");
        var services = new ServiceCollection().AddLogging().AddStratusDataStore(o =>
        {
            o.Models = new StratusModels();
            o.DatabasePath = path;
        });
        await using (var provider = services.BuildServiceProvider())
        {
            var store = provider.GetRequiredService<StratusDataStore>();
            Assert.Same(store, provider.GetRequiredService<StratusDataStore>());
            await store.SaveAsync(new Team { Name = "di" });
            Assert.Equal("di", (await store.QueryAsync<Team>()).Single().Name);
        }

        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Missing_models_are_a_configuration_error_that_says_what_to_set()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddStratusDataStore(o => o.DatabasePath = "x.db"));

        Assert.Contains("options.Models = new StratusModels()", error.Message);
    }

    [Fact]
    public void A_type_from_another_schema_is_rejected_by_name()
    {
        var store = new StratusDataStore(new Configuration.DataStoreOptions { Models = new StratusModels(), DatabasePath = "unused.db" });

        var error = Assert.Throws<ArgumentException>(() => store.Observe<Stranger>());

        Assert.Contains("Stranger is not a model of this StratusDataStore's schema", error.Message);
    }

    [Fact]
    public async Task A_disposed_store_says_so_instead_of_reopening_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"stratus-disposed-{Guid.NewGuid():N}.db");
        var store = new StratusDataStore(new Configuration.DataStoreOptions { Models = new StratusModels(), DatabasePath = path });
        await store.SaveAsync(new Team { Name = "t" });

        await store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.QueryAsync<Team>());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.SaveAsync(new Team { Name = "late" }));
        Assert.Throws<ObjectDisposedException>(() => store.Observe<Team>());
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }

    private sealed class Stranger : Stratus.DataStore.Models.StratusModel;
}
