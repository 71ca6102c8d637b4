using Stratus.Server.Hosting;

return await StratusApp.RunAsync(args);
