using Stratus.DataStore;
using Stratus.DataStore.Api;
using Stratus.DataStore.Configuration;
using Stratus.DataStore.Exceptions;
using Stratus.DataStore.Querying;
using TodoApp.Models;

namespace TodoApp;

/// <summary>
/// The sample's command line (../shared/DESIGN.md, TodoApp contract):
/// <c>--db FILE [--config amplifyconfiguration.json] add TEXT | list | done ID | delete ID</c>.
/// Every command works offline against the local store. Exit codes: 0 done, 1 no such todo, 2 bad usage.
/// </summary>
public static class TodoCommands
{
    public const string Usage = """
        Usage: TodoApp --db FILE [--config amplifyconfiguration.json] COMMAND
          add TEXT     add a todo and print its id
          list         one line per todo: id<TAB>done<TAB>text
          done ID      mark a todo done
          delete ID    delete a todo
          sync         pull from the server, push queued changes, print the counts (needs --config)
          watch        print every change as it arrives, until Ctrl+C (needs --config)
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        string? database = null;
        string? config = null;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--db" when i + 1 < args.Length:
                    database = args[++i];
                    break;
                case "--config" when i + 1 < args.Length:
                    config = args[++i];
                    break;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        if (database is null || rest.Count == 0)
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }

        AppSyncSettings? settings = null;
        if (config is not null)
        {
            // Checked up front so a broken config fails now, not at the first sync; local commands need nothing from it.
            try
            {
                settings = AppSyncSettings.Load(config);
            }
            catch (Exception e) when (e is FormatException or IOException or System.Text.Json.JsonException)
            {
                await error.WriteLineAsync($"--config {config}: {e.Message}");
                return 2;
            }
        }

        if (rest is ["sync" or "watch"] && settings is null)
        {
            await error.WriteLineAsync($"'{rest[0]}' needs the server: pass --config amplifyconfiguration.json.");
            return 2;
        }

        // The sample sets no record cap: sync takes every record.
        await using var store = new StratusDataStore(new DataStoreOptions { Models = new StratusModels(), DatabasePath = database, AppSync = settings, MaxRecordsToSync = int.MaxValue });
        try
        {
            switch (rest)
            {
                case ["add", .. var words] when words.Count > 0:
                    var todo = await store.SaveAsync(new Todo { Name = string.Join(' ', words), Done = false });
                    await output.WriteLineAsync(todo.Id);
                    return 0;
                case ["list"]:
                    foreach (var item in await store.QueryAsync<Todo>(options: new QueryOptions<Todo>().OrderBy(t => t.Name)))
                    {
                        await output.WriteLineAsync($"{item.Id}\t{(item.Done == true ? "true" : "false")}\t{item.Name}");
                    }

                    return 0;
                case ["done", var id]:
                    var existing = await store.QueryAsync<Todo>(id);
                    if (existing is null)
                    {
                        await error.WriteLineAsync($"No todo with id {id}.");
                        return 1;
                    }

                    existing.Done = true;
                    await store.SaveAsync(existing);
                    return 0;
                case ["delete", var id]:
                    await store.DeleteAsync<Todo>(id);
                    return 0;
                case ["sync"]:
                    var summary = await store.SyncAsync(cancellationToken);
                    await output.WriteLineAsync($"pulled {summary.Pulled.Values.Sum()}, pushed {summary.Sent}, failed {summary.Failed}");
                    return summary.Failed == 0 ? 0 : 1;
                case ["watch"]:
                    return await WatchAsync(store, output, cancellationToken);
                default:
                    await error.WriteLineAsync(Usage);
                    return 2;
            }
        }
        catch (ModelNotFoundException e)
        {
            await error.WriteLineAsync(e.Message);
            return 1;
        }
        catch (ServerUnreachableException e)
        {
            await error.WriteLineAsync($"{e.Message}; every change stays queued for the next sync.");
            return 1;
        }
    }

    /// <summary>Live sync until cancelled: one line per change, <c>INSERT|UPDATE|DELETE id done text</c>.</summary>
    private static async Task<int> WatchAsync(StratusDataStore store, TextWriter output, CancellationToken cancellationToken)
    {
        var changes = store.ObserveAsync<Todo>(cancellationToken: cancellationToken);
        await store.StartAsync(cancellationToken);
        try
        {
            await foreach (var change in changes)
            {
                await output.WriteLineAsync($"{change.OpType.ToString().ToUpperInvariant()}\t{change.Element.Id}\t{(change.Element.Done == true ? "true" : "false")}\t{change.Element.Name}");
                await output.FlushAsync(CancellationToken.None);
            }
        }
        catch (OperationCanceledException)
        {
        }

        return 0;
    }
}
