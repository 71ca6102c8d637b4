using System.Runtime.CompilerServices;

namespace Stratus.Server.Tests.Infrastructure;

/// <summary>Every awaited thing in a test has a deadline, so a missing answer fails fast with the caller's line.</summary>
public static class TestTimeouts
{
    public static TimeSpan Default => Environment.GetEnvironmentVariable("CI") == "true" ? TimeSpan.FromSeconds(60) : TimeSpan.FromSeconds(20);

    public static async Task DefaultTimeout(this Task task, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        try
        {
            await task.WaitAsync(Default);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out after {Default.TotalSeconds}s at {Path.GetFileName(file)}:{line}");
        }
    }

    public static async Task<T> DefaultTimeout<T>(this Task<T> task, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        try
        {
            return await task.WaitAsync(Default);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out after {Default.TotalSeconds}s at {Path.GetFileName(file)}:{line}");
        }
    }
}
