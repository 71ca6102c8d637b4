using System.Runtime.CompilerServices;

namespace Stratus.DataStore.Tests.Infrastructure;

/// <summary>Every awaited event in these tests has a timeout, so a missing one fails fast instead of hanging.</summary>
public static class Await
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(10);

    public static async Task<T> Within<T>(this Task<T> task, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var finished = await Task.WhenAny(task, Task.Delay(Default));
        return finished == task ? await task : throw new TimeoutException($"Nothing arrived within {Default} ({Path.GetFileName(file)}:{line}).");
    }
}
