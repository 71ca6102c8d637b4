namespace Stratus.Benchmarks;

/// <summary>Benchmark schemas, written to temp files at run time.</summary>
internal static class Schemas
{
    /// <summary>One model per conflict strategy, so one server measures all four.</summary>
    public const string Conflicts = """
        type OccItem @model { id: ID! name: String! tags: [String] }
        type MergeItem @model { id: ID! name: String! tags: [String] }
        type LambdaItem @model { id: ID! name: String! tags: [String] }
        type NoneItem @model { id: ID! name: String! tags: [String] }
        """;

    public static string Write(string sdl)
    {
        var path = Path.Combine(Path.GetTempPath(), $"stratus-bench-{Guid.NewGuid():N}.graphql");
        File.WriteAllText(path, sdl);
        return path;
    }
}
