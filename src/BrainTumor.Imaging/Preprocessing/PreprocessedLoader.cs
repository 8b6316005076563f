using System.Security.Cryptography;
using BrainTumor.Imaging.Reading;

namespace BrainTumor.Imaging.Preprocessing;

/// <summary>
/// Loads items through the cache: a hit costs a hash of every source file and a mapping of the
/// cache entry; a miss decodes and preprocesses every slice and stores the entry. Items that fail
/// are returned as rejected, never thrown.
/// </summary>
public static class PreprocessedLoader
{
    public static PreprocessedSlices Load(
        IDatasetReader reader,
        IReadOnlyList<DatasetItem> items,
        SlicePreparation preparation,
        PreprocessedSliceCache? cache,
        int? maxParallelism = null,
        CancellationToken cancellation = default)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxParallelism ?? Environment.ProcessorCount, CancellationToken = cancellation };
        var rejected = new RejectedFile?[items.Count];
        if (cache is null)
            return Preprocess(reader, items, preparation, options, rejected);

        var hashes = new string?[items.Count];
        Parallel.For(0, items.Count, options, i =>
        {
            try { hashes[i] = ContentHash(items[i].Path); }
            catch (Exception e) when (IsItemFailure(e)) { rejected[i] = RejectedFile.For(items[i], e); }
        });
        var path = cache.PathFor(hashes, preparation);
        if (cache.TryOpen(path, items.Count, preparation.Size) is { } entry && FromEntry(reader, items, preparation, entry, rejected) is { } cached)
            return cached;
        var loaded = Preprocess(reader, items, preparation, options, rejected);
        cache.Write(path, preparation.Size, [.. rejected.Select(r => r is null)], loaded.Pixels);
        return loaded;
    }

    public static string ContentHash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Decodes and preprocesses every item not already rejected.</summary>
    private static PreprocessedSlices Preprocess(
        IDatasetReader reader, IReadOnlyList<DatasetItem> items, SlicePreparation preparation, ParallelOptions options, RejectedFile?[] rejected)
    {
        var size = preparation.Size;
        var area = size * size;
        // Every slot is written (or dropped when its item fails), so the buffer need not be zeroed
        // first: for a few hundred MB that saves a pass over memory.
        var pixels = GC.AllocateUninitializedArray<ushort>(checked(items.Count * area));
        Parallel.For(0, items.Count, options, i =>
        {
            if (rejected[i] is null && TryPreprocess(reader, items, i, preparation, rejected) is { } slice)
                slice.CopyTo(pixels, i * area);
        });
        // Move the accepted slices forward over the rejected ones' slots, so the buffer stays contiguous.
        var kept = Enumerable.Range(0, items.Count).Where(i => rejected[i] is null).ToList();
        for (var k = 0; k < kept.Count; k++)
            pixels.AsSpan(kept[k] * area, area).CopyTo(pixels.AsSpan(k * area));
        return Result(items, size, kept, pixels.AsMemory(0, kept.Count * area), hits: 0, rejected);
    }

    /// <summary>
    /// The slices of a cache entry. Items the entry lacks were rejected when it was written; they
    /// are few, so they are read again for their reasons. If one now loads, the entry is stale: null.
    /// </summary>
    private static PreprocessedSlices? FromEntry(
        IDatasetReader reader, IReadOnlyList<DatasetItem> items, SlicePreparation preparation, CachedSlices entry, RejectedFile?[] rejected)
    {
        for (var i = 0; i < items.Count; i++)
            if (!entry.Stored[i] && rejected[i] is null && TryPreprocess(reader, items, i, preparation, rejected) is not null)
                return null;
        var kept = Enumerable.Range(0, items.Count).Where(i => entry.Stored[i]).ToList();
        return Result(items, preparation.Size, kept, entry.Pixels, hits: kept.Count, rejected);
    }

    private static PreprocessedSlices Result(
        IReadOnlyList<DatasetItem> items, int size, List<int> kept, ReadOnlyMemory<ushort> pixels, int hits, RejectedFile?[] rejected) =>
        new(size, [.. kept.Select(i => items[i])], pixels, hits, kept.Count - hits, [.. rejected.OfType<RejectedFile>()]);

    /// <summary>The item's preprocessed slice, or null with its rejection recorded.</summary>
    private static ushort[]? TryPreprocess(IDatasetReader reader, IReadOnlyList<DatasetItem> items, int i, SlicePreparation preparation, RejectedFile?[] rejected)
    {
        try
        {
            return SlicePreprocessor.Process(reader.ReadPixels(items[i]), preparation);
        }
        catch (Exception e) when (IsItemFailure(e))
        {
            rejected[i] = RejectedFile.For(items[i], e);
            return null;
        }
    }

    private static bool IsItemFailure(Exception e) => e is ItemRejectedException or IOException or UnauthorizedAccessException;
}
