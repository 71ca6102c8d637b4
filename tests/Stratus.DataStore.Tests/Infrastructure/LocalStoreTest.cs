namespace Stratus.DataStore.Tests.Infrastructure;

/// <summary>A test class with its own store on a fresh SQLite file; override <see cref="InitializeAsync"/> to seed it.</summary>
public abstract class LocalStoreTest : IAsyncLifetime
{
    protected LocalStoreTest(TempStore? temp = null) => Temp = temp ?? TempStore.Create();

    protected TempStore Temp { get; }

    protected StratusDataStore Store => Temp.Store;

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => Temp.DisposeAsync().AsTask();
}
