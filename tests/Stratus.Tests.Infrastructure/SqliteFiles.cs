namespace Stratus.Server.Tests.Infrastructure;

/// <summary>Connection strings to new SQLite files under the temp directory.</summary>
public static class SqliteFiles
{
    public static string New()
    {
        var directory = Path.Combine(Path.GetTempPath(), "stratus-tests");
        Directory.CreateDirectory(directory);
        return $"Data Source={Path.Combine(directory, Guid.NewGuid().ToString("N") + ".db")}";
    }
}
