namespace BrainTumor.Reports;

/// <summary>The report's files in a run folder: the document and its two renderings, side by side.</summary>
public static class ReportFiles
{
    public static string Json(string runFolder) => Path.Combine(runFolder, "report.json");

    public static string Markdown(string runFolder) => Path.Combine(runFolder, "report.md");

    public static string Html(string runFolder) => Path.Combine(runFolder, "report.html");
}
