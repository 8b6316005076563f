using BrainTumor.Protocol.Labels;

namespace BrainTumor.Imaging.Reading;

/// <summary>
/// One slice of a dataset, as indexed (pixels are read later, by the reader that indexed it).
/// </summary>
/// <param name="Id">Stable id: the path relative to the dataset root, with '/' separators.</param>
/// <param name="Path">Absolute path of the file.</param>
/// <param name="Label">The tumour class.</param>
/// <param name="Group">
/// The grouping unit that must never be split across folds: the patient id when the data has one,
/// otherwise a patient-disjoint fold index from the data (for example <c>fold:3</c>); null when the
/// data has neither.
/// </param>
/// <param name="Attributes">Extra per-item values (manifest columns, <c>cvind</c> from cvind.mat).</param>
public sealed record DatasetItem(
    string Id,
    string Path,
    TumorClass Label,
    string? Group,
    IReadOnlyDictionary<string, string> Attributes)
{
    /// <summary>Figshare's 1-based slice index (<c>&lt;N&gt;.mat</c>), where the data carries it.</summary>
    public int? FigshareIndex =>
        Attributes.TryGetValue(AttributeNames.FigshareIndex, out var s) && int.TryParse(s, out var n) ? n : null;
}

/// <summary>Attribute names the readers fill in besides manifest columns.</summary>
public static class AttributeNames
{
    public const string FigshareIndex = "figshare_index";

    /// <summary>Cheng's fold index from <c>cvind.mat</c>.</summary>
    public const string Cvind = "cvind";

    /// <summary>The patient id read from <c>/cjdata/PID</c>.</summary>
    public const string Pid = "pid";
}
