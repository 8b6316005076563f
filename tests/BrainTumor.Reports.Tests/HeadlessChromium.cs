using System.Diagnostics;

namespace BrainTumor.Reports.Tests;

/// <summary>
/// Debian's Chromium, headless, taking a screenshot of a local page. The flags keep it from trying
/// to reach the network (updates, sync, background requests) and give it a fresh profile.
/// </summary>
public static class HeadlessChromium
{
    /// <summary>The browser on PATH (chromium, or chromium-browser elsewhere), or a skip (a failure under BRAINTUMOR_REQUIRE_ALL) naming it.</summary>
    public static string Require() =>
        Prerequisites.Executable("chromium", "chromium", "the HTML report was not rendered", "chromium-browser");

    public static void Screenshot(string browser, string page, string png, int width, int height)
    {
        var profile = Directory.CreateTempSubdirectory("chromium-profile-");
        try
        {
            var start = new ProcessStartInfo(browser)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                ArgumentList =
                {
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--hide-scrollbars", $"--user-data-dir={profile.FullName}", $"--screenshot={png}",
                    $"--window-size={width},{height}", new Uri(page).AbsoluteUri,
                },
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{browser} did not finish the screenshot of {page} within 2 minutes");
            }
            Assert.True(process.ExitCode == 0, $"{browser} exited with {process.ExitCode}: {output.Result}{errors.Result}");
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
