using Xunit.Abstractions;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace BrainTumor.Reports.Tests;

/// <summary>The HTML report as a browser shows it: Debian's Chromium, headless, renders it to a PNG that has the page on it.</summary>
public sealed class ChromiumRenderingTests(ITestOutputHelper output)
{
    private const int Width = 1280;
    private const int Height = 4000;

    [SkippableFact]
    public void The_html_report_renders_in_headless_chromium_with_text_and_charts()
    {
        var browser = HeadlessChromium.Require();
        var (folder, _, _) = ReportRenderingTests.Write();
        var png = Path.Combine(folder, "report.png");

        HeadlessChromium.Screenshot(browser, ReportFiles.Html(folder), png, Width, Height);
        output.WriteLine($"screenshot: {png}");

        using var image = Image.Load<Rgb24>(png);
        Assert.Equal((Width, Height), (image.Width, image.Height));
        var dark = 0L;
        var coloured = 0L;
        var darkInTitle = 0L;
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
                foreach (var p in rows.GetRowSpan(y))
                {
                    if (p.R + p.G + p.B < 200) { dark++; if (y < 80) darkInTitle++; }
                    if (Math.Max(p.R, Math.Max(p.G, p.B)) - Math.Min(p.R, Math.Min(p.G, p.B)) > 80) coloured++;
                }
        });
        var pixels = (double)Width * Height;
        output.WriteLine($"dark pixels {dark / pixels:P2}, coloured {coloured / pixels:P3}, dark in the title band {darkInTitle}");
        Assert.True(darkInTitle > 500, $"the title band holds {darkInTitle} dark pixels: no heading drawn");
        Assert.True(dark / pixels > 0.01, $"only {dark / pixels:P2} of the page is dark: the text was not drawn");
        Assert.True(coloured / pixels > 0.0005, $"only {coloured / pixels:P3} of the page is coloured: the charts were not drawn");
    }
}
