using BrainTumor.Protocol.Runs;

namespace BrainTumor.Reports;

/// <summary>The report's files in a run folder: the document and its two renderings, side by side.</summary>
public static class ReportFiles
{
    public static string Json(string runFolder) => new RunFolder(runFolder).Report;

    public static string Markdown(string runFolder) => new RunFolder(runFolder).ReportMarkdown;

    public static string Html(string runFolder) => new RunFolder(runFolder).ReportHtml;
}
