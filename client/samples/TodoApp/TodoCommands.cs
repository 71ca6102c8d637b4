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
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
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

        if (config is not null)
        {
            // Checked up front so a broken config fails now, not at the first sync; local commands need nothing from it.
            try
            {
                _ = AppSyncSettings.Load(config);
            }
            catch (Exception e) when (e is FormatException or IOException or System.Text.Json.JsonException)
            {
                await error.WriteLineAsync($"--config {config}: {e.Message}");
                return 2;
            }
        }

        await using var store = new StratusDataStore(new DataStoreOptions { Models = new StratusModels(), DatabasePath = database });
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
                case ["sync" or "watch"]:
                    await error.WriteLineAsync($"'{rest[0]}' needs the sync engine, which this build of the sample does not include yet; every local command works.");
                    return 2;
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
    }
}
