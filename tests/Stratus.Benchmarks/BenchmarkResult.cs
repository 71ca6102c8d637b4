namespace Stratus.Benchmarks;

/// <summary>One measured rate and the reference rate it is compared with, both from the same run.</summary>
internal sealed record BenchmarkResult(string Provider, string Measure, double PerSecond, double ReferencePerSecond);
