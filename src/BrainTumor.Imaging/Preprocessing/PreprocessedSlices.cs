using BrainTumor.Imaging.Labels;
using BrainTumor.Imaging.Reading;

namespace BrainTumor.Imaging.Preprocessing;

/// <summary>
/// A dataset's slices after preprocessing, in one contiguous buffer (item-major, then rows,
/// then columns, one channel) ready to be wrapped as a tensor.
/// </summary>
public sealed record PreprocessedSlices(
    int Size,
    IReadOnlyList<DatasetItem> Items,
    float[] Pixels,
    int CacheHits,
    int CacheMisses,
    IReadOnlyList<RejectedFile> Rejected)
{
    public int Count => Items.Count;

    public ReadOnlySpan<float> Slice(int index) => Pixels.AsSpan(index * Size * Size, Size * Size);

    public IReadOnlyList<TumorClass> Labels => Items.Select(i => i.Label).ToList();
}
