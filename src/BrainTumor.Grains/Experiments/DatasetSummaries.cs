using BrainTumor.Imaging.Reading;
using BrainTumor.Imaging.Validation;

namespace BrainTumor.Grains.Experiments;

/// <summary>The validator's report in the contracts' terms, and the words errors use for its rejections.</summary>
public static class DatasetSummaries
{
    /// <remarks>
    /// The summary is kept in grain state, which the JSON storage reads back by the recorded runtime
    /// types, so every collection is made a plain <see cref="List{T}"/> or <see cref="Dictionary{TKey, TValue}"/>
    /// (a collection expression's own list type is not one it may create).
    /// </remarks>
    public static DatasetSummary Of(ValidationReport report, string contentKey, DateTimeOffset validated) => new(
        report.Path, report.Format, report.Items, new Dictionary<string, int>(report.Classes), report.Groups, report.FoldSources.ToList(), report.GroupSource,
        new Dictionary<string, int>(report.GroupSizes), report.Ungrouped,
        report.Rejected.Select(r => new RejectedItem(r.File, r.Reason.Name(), r.Detail)).ToList(),
        report.Duplicates.Select(d => new DuplicateItems(d.Files.ToList(), d.CrossesGroups)).ToList(),
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
