using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Stratus.Deployment.Tests;

/// <summary>The README's shell examples, read from README.md itself and run with bash exactly as printed.</summary>
internal static class Readme
{
    /// <summary>The text of the first <paramref name="language"/> block after the heading <paramref name="heading"/>.</summary>
    public static string CodeBlock(string heading, string language)
    {
        var text = File.ReadAllText(Repository.File("README.md"));
        var start = text.IndexOf("\n" + heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has no heading '{heading}'.");
        var block = new Regex($"```{language}\n(.*?)```", RegexOptions.Singleline).Match(text, start);
        Assert.True(block.Success, $"README.md has no {language} block after '{heading}'.");
        return block.Groups[1].Value;
    }

    /// <summary>The command lines of the first <c>sh</c> block after the heading <paramref name="heading"/>.</summary>
    public static IReadOnlyList<string> ShellBlock(string heading) =>
        // A line ending in a backslash continues on the next, as in the shell.
        CodeBlock(heading, "sh").Split('\n')
            .Aggregate(new List<string>(), (lines, line) =>
            {
                if (lines.Count > 0 && lines[^1].EndsWith('\\'))
                {
                    lines[^1] += "\n" + line;
                }
                else if (line.Length > 0)
                {
                    lines.Add(line);
                }

                return lines;
            });

    /// <summary>Starts one command line with bash in the repository root; the caller ends it.</summary>
    public static Process Start(string commandLine, StringBuilder output)
    {
        var start = new ProcessStartInfo("bash", ["-c", commandLine]) { WorkingDirectory = Repository.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Runs command lines with bash in the repository root and returns their output.</summary>
    public static async Task<string> RunAsync(IEnumerable<string> commandLines)
    {
        var output = new StringBuilder();
        using var process = Start(string.Join('\n', commandLines), output);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        process.WaitForExit();
        lock (output)
        {
            Assert.True(process.ExitCode == 0, $"bash exited {process.ExitCode}:\n{output}");
            return output.ToString();
        }
    }
}
