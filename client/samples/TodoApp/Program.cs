using TodoApp;

return await TodoCommands.RunAsync(args, Console.Out, Console.Error);
