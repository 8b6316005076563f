using System.Net;
using System.Reflection;
using BrainTumor.Reports.Document;
using Markdig;

namespace BrainTumor.Reports.Rendering;

/// <summary>
/// The report as one self-contained HTML page: the Markdown report rendered (Markdig, pipe tables)
/// with the charts inline as SVG and the style sheet inline. No script, no font, no image and no
/// style is fetched from anywhere, so the page reads the same offline and years later.
/// </summary>
public static class HtmlReport
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().UseAutoIdentifiers().Build();

    private static readonly Lazy<string> Style = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("BrainTumor.Reports.Rendering.report.css")
                           ?? throw new InvalidOperationException("the report's style sheet is not embedded in BrainTumor.Reports");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static string Render(ReportDocument report)
    {
        var body = Markdown.ToHtml(MarkdownReport.Render(report, new ReportCharts()), Pipeline);
        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Experiment report: {WebUtility.HtmlEncode(report.Id)}</title>
            <style>
            {Style.Value}
            </style>
            </head>
            <body>
            <main>
            {body}
            </main>
            </body>
            </html>

            """;
    }
}
