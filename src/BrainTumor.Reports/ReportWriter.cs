using BrainTumor.Imaging.Storage;
using BrainTumor.Reports.Rendering;

namespace BrainTumor.Reports;

/// <summary>
/// Renders a run folder's <c>report.json</c> as <c>report.md</c> and <c>report.html</c> beside it
/// (the grains call it after writing the JSON; the command line can call it again on any finished run).
/// </summary>
public static class ReportWriter
{
    /// <summary>Writes both renderings; returns their paths (Markdown, HTML).</summary>
    public static (string Markdown, string Html) Write(string runFolder)
    {
        var document = ReportJson.Read(ReportFiles.Json(runFolder));
        var markdown = ReportFiles.Markdown(runFolder);
        var html = ReportFiles.Html(runFolder);
        AtomicFile.Write(markdown, partial => File.WriteAllText(partial, MarkdownReport.Render(document, charts: null)));
        AtomicFile.Write(html, partial => File.WriteAllText(partial, HtmlReport.Render(document)));
        return (markdown, html);
    }
}
