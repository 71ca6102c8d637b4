using TodoApp;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Ctrl+C ends `watch` cleanly instead of killing the process.
    e.Cancel = true;
    stop.Cancel();
};
return await TodoCommands.RunAsync(args, Console.Out, Console.Error, stop.Token);
