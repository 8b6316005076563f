using BrainTumor.Protocol.Labels;
using BrainTumor.Imaging.Reading;

namespace BrainTumor.Imaging.Preprocessing;

/// <summary>
/// A dataset's slices after preprocessing, in one contiguous buffer (item-major, then rows,
/// then columns, one channel) of 16-bit unsigned normalised values (<see cref="SlicePreprocessor"/>).
/// The buffer is an array after preprocessing and a mapping of the cache file after a cached load,
/// unmapped once the record is collected: whoever holds <c>Pixels.Span</c> keeps the record alive.
/// </summary>
public sealed record PreprocessedSlices(
    int Size,
    IReadOnlyList<DatasetItem> Items,
    ReadOnlyMemory<ushort> Pixels,
    int CacheHits,
    int CacheMisses,
    IReadOnlyList<RejectedFile> Rejected)
{
    public int Count => Items.Count;

    /// <summary>Writes slice <paramref name="index"/> as float32 in [0, 1] (the value / 65535) to <paramref name="destination"/>.</summary>
    public void CopySliceTo(int index, Span<float> destination)
    {
        SlicePreprocessor.ToUnitRange(Pixels.Span.Slice(index * Size * Size, Size * Size), destination);
        // A mapped buffer is unmapped when this record is collected: keep it until the copy is done.
        GC.KeepAlive(this);
    }

    /// <summary>Slice <paramref name="index"/> as float32 in [0, 1].</summary>
    public float[] Slice(int index)
    {
        var values = new float[Size * Size];
        CopySliceTo(index, values);
        return values;
    }

    public IReadOnlyList<TumorClass> Labels => Items.Select(i => i.Label).ToList();
}
