using System.Diagnostics;

namespace BrainTumor.Hosting.Tests;

/// <summary>Debian's <c>promtool</c> (package <c>prometheus</c>), when installed.</summary>
public static class Promtool
{
    /// <summary>promtool's exit code for an exposition that parsed but has lint findings (1 is a parse failure).</summary>
    public const int LintFindings = 3;

    /// <summary>promtool's path, or a skip (a failure under BRAINTUMOR_REQUIRE_ALL) naming it.</summary>
    public static string Require() => Prerequisites.Executable("promtool", "prometheus", "the scrape was not checked");

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
