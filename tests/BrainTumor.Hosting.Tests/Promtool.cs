using System.Diagnostics;

namespace BrainTumor.Hosting.Tests;

/// <summary>Debian's <c>promtool</c> (package <c>prometheus</c>), when installed.</summary>
public static class Promtool
{
    /// <summary>promtool's exit code for an exposition that parsed but has lint findings (1 is a parse failure).</summary>
    public const int LintFindings = 3;

    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, "promtool")).FirstOrDefault(File.Exists);

    /// <summary><c>promtool check metrics</c> on <paramref name="scrape"/>: its exit code and what it printed.</summary>
    public static async Task<(int ExitCode, string Output)> CheckMetrics(string promtool, string scrape)
    {
        var start = new ProcessStartInfo(promtool, ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(scrape);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
