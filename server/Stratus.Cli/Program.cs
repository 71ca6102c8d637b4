return await Stratus.Cli.Commands.StratusCommandLine.InvokeAsync(args);
