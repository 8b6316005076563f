using BrainTumor.Imaging.Labels;

namespace BrainTumor.Learning.Metrics;

/// <summary>
/// The tumour classes as class indices: index <c>i</c> is <see cref="LabelMap.All"/>[i], the order
/// of the head's outputs, of confusion-matrix rows and of the per-class entries in reports.
/// </summary>
public static class TumorLabels
{
    /// <summary>Canonical names (<see cref="LabelMap.Name"/>) in index order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. LabelMap.All.Select(LabelMap.Name)];

    public static int IndexOf(TumorClass label)
    {
        for (var i = 0; i < LabelMap.All.Count; i++)
            if (LabelMap.All[i] == label)
                return i;
        throw new ArgumentOutOfRangeException(nameof(label), label, "not a tumour class");
    }
}
