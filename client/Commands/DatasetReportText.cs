using BrainTumor.Imaging.Folds;
using BrainTumor.Protocol.Labels;
using BrainTumor.Imaging.Reading;
using BrainTumor.Imaging.Validation;

namespace BrainTumor.Client.Commands;

/// <summary>Plain-text renderings of dataset reports for a terminal.</summary>
internal static class DatasetReportText
{
    public static void Write(TextWriter o, ValidationReport report)
    {
        o.WriteLine($"Dataset   {report.Path}");
        o.WriteLine($"Format    {report.Format}");
        o.WriteLine($"Items     {report.Items} accepted, {report.Rejected.Count} rejected");
        foreach (var (name, count) in report.Classes)
            o.WriteLine($"  {name,-12}{count,6}");
        o.WriteLine(report.GroupSource is null
            ? "Groups    none: the data names no patients, so it cannot be split patient-disjointly"
            : $"Groups    {report.Groups} from {report.GroupSource}" + (report.Ungrouped > 0 ? $", {report.Ungrouped} items without a group" : ""));
        if (report.Groups is > 0 and <= 12)
            foreach (var (group, count) in report.GroupSizes)
                o.WriteLine($"  {group,-12}{count,6}");
        if (report.FoldSources.Count > 0)
            o.WriteLine($"Folds     given by the data: {string.Join(", ", report.FoldSources)}");
        if (report.Rejected.Count > 0)
        {
            o.WriteLine("Rejected");
            foreach (var r in report.Rejected)
                o.WriteLine($"  {r.File}: {Reason(r.Reason)}: {r.Detail}");
        }
        o.WriteLine(report.Duplicates.Count == 0 ? "Duplicates none" : $"Duplicates {report.Duplicates.Count} sets of identical pixels");
        foreach (var d in report.Duplicates)
            o.WriteLine($"  {string.Join(" = ", d.Files)}{(d.CrossesGroups ? "  (in different groups: would leak between folds)" : "")}");
    }

    public static void Write(TextWriter o, FoldPlan plan, IReadOnlyList<DatasetItem> items)
    {
        var labels = items.ToDictionary(i => i.Id, i => i.Label);
        o.WriteLine($"Folds     {plan.K} by {plan.Method} (seed {plan.Seed}, validation {plan.ValidationFraction:0.##} of each training part)");
        o.WriteLine($"  fold {"train",7} {"valid",7} {"test",7}   test share " + string.Join(" ", LabelMap.All.Select(c => $"{LabelMap.Name(c),10}")));
        foreach (var fold in plan.Folds)
        {
            var shares = LabelMap.All.Select(c => fold.Test.Count(id => labels[id] == c) / (double)fold.Test.Count);
            o.WriteLine($"  {fold.Number,4} {fold.Train.Count,7} {fold.Validation.Count,7} {fold.Test.Count,7}              " +
                        string.Join(" ", shares.Select(s => $"{s,10:P1}")));
        }
    }

    private static string Reason(RejectionReason reason) => reason switch
    {
        RejectionReason.NotAnImage => "not an image",
        RejectionReason.UnknownLabel => "unknown label",
        RejectionReason.LabelConflict => "label conflict",
        RejectionReason.MissingField => "missing cjdata field",
        RejectionReason.MissingFile => "missing file",
        _ => reason.ToString().ToLowerInvariant(),
    };
}
