using Stratus.Benchmarks;

return await BenchmarkRunner.RunAsync(args);
