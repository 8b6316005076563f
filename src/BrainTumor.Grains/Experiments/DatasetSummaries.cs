using System.Text.Json;
using BrainTumor.Imaging.Validation;

namespace BrainTumor.Grains.Experiments;

/// <summary>The validator's report in the contracts' terms, and the words errors use for its rejections.</summary>
public static class DatasetSummaries
{
    public static DatasetSummary Of(ValidationReport report, string contentKey, DateTimeOffset validated) => new(
        report.Path, report.Format, report.Items, report.Classes, report.Groups, report.FoldSources, report.GroupSource,
        report.GroupSizes, report.Ungrouped,
        [.. report.Rejected.Select(r => new RejectedItem(r.File, JsonSerializer.Serialize(r.Reason).Trim('"'), r.Detail))],
        [.. report.Duplicates.Select(d => new DuplicateItems(d.Files, d.CrossesGroups))],
        contentKey, validated);

    /// <summary>"none of its 6 file(s) could be read (not_an_image: 6), for example glioma/1.jpg: ..."</summary>
    public static string NoneReadable(DatasetSummary summary) =>
        $"none of its {summary.Rejected.Count} file(s) could be read ({Reasons(summary)}){Example(summary)}";

    /// <summary>"4 file(s) rejected (not_an_image: 4), for example ...; `braintumor dataset inspect` lists them"</summary>
    public static string RejectedNote(DatasetSummary summary) =>
        $"{summary.Rejected.Count} file(s) rejected ({Reasons(summary)}){Example(summary)}; `braintumor dataset inspect {summary.Path}` lists them";

    private static string Reasons(DatasetSummary summary) =>
        string.Join(", ", summary.Rejected.GroupBy(r => r.Reason).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}: {g.Count()}"));

    private static string Example(DatasetSummary summary) =>
        summary.Rejected.Count == 0 ? "" : $", for example {summary.Rejected[0].File}: {summary.Rejected[0].Detail}";
}
