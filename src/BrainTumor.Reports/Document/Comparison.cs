namespace BrainTumor.Reports.Document;

/// <summary>
/// This run beside the published results on the same kind of data, with the differences of
/// protocol spelled out: an accuracy is only comparable with one measured the same way.
/// </summary>
public sealed record Comparison(
    IReadOnlyList<ProtocolRow> Rows,
    double GapToPaper,
    IReadOnlyList<string> Differences);

/// <summary>One result and how it was obtained.</summary>
public sealed record ProtocolRow(
    string Source,
    double Accuracy,
    double? Sd,
    string Data,
    string Split,
    string Input,
    string Model,
    string Training);
