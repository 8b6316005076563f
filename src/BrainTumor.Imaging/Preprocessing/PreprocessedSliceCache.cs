using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using BrainTumor.Imaging.Storage;

namespace BrainTumor.Imaging.Preprocessing;

/// <summary>
/// Preprocessed datasets on disk, one file per list of items and output size: a header, then the
/// accepted slices' 16-bit values back to back, so a cached load maps the file instead of copying
/// it into fresh memory. A file is addressed by the SHA-256 of its items' content hashes (each the
/// SHA-256 of a source file, in item order), the preparation (<see cref="SlicePreparation.Key"/>)
/// and <see cref="SlicePreprocessor.Version"/>: a changed file, list, size or preprocessing never meets a stale entry. Writes go through
/// <see cref="AtomicFile"/>, so a crash leaves no partial entry.
/// </summary>
public sealed class PreprocessedSliceCache(string directory)
{
    // Header: magic, size and item count (int32, little-endian), one byte per item (1: its slice is
    // stored, 0: it was rejected), padded to 8 bytes; then the stored slices in item order.
    private static readonly byte[] Magic = "BTSLICES"u8.ToArray();

    public string Directory { get; } = Path.GetFullPath(directory);

    /// <summary>The entry for items with these content hashes (null: the source file could not be read).</summary>
    public string PathFor(IReadOnlyList<string?> contentHashes, SlicePreparation preparation)
    {
        var key = SHA256.HashData(Encoding.ASCII.GetBytes(string.Join('\n', contentHashes.Select(h => h ?? "unreadable"))));
        return Path.Combine(Directory, $"v{SlicePreprocessor.Version}", preparation.Key, Convert.ToHexStringLower(key) + ".slices");
    }

    /// <summary>The entry at <paramref name="path"/>, or null when it is missing or damaged (then the caller preprocesses and rewrites it).</summary>
    public CachedSlices? TryOpen(string path, int count, int size)
    {
        var header = new byte[HeaderLength(count)];
        long length;
        try
        {
            using var file = File.OpenHandle(path);
            length = RandomAccess.GetLength(file);
            if (length < header.Length || RandomAccess.Read(file, header, 0) != header.Length)
                return null;
        }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }

        var stored = header.AsSpan(Magic.Length + 8, count);
        if (!header.AsSpan(0, Magic.Length).SequenceEqual(Magic)
            || BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(Magic.Length)) != size
            || BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(Magic.Length + 4)) != count
            || stored.ContainsAnyExcept((byte)0, (byte)1))
            return null;
        var values = stored.Count((byte)1) * size * size;
        if (length != header.Length + (long)values * sizeof(ushort))
            return null;
        var pixels = values == 0 ? ReadOnlyMemory<ushort>.Empty : new MappedPixels(path, header.Length, values).Memory;
        return new CachedSlices([.. stored.ToArray().Select(b => b == 1)], pixels);
    }

    /// <summary>Stores the slices of the items flagged in <paramref name="stored"/>, in item order.</summary>
    public void Write(string path, int size, IReadOnlyList<bool> stored, ReadOnlyMemory<ushort> pixels)
    {
        if (pixels.Length != stored.Count(s => s) * size * size)
            throw new ArgumentException($"expected {stored.Count(s => s)} slices of {size}x{size} values, got {pixels.Length} values", nameof(pixels));
        var header = new byte[HeaderLength(stored.Count)];
        Magic.CopyTo(header, 0);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(Magic.Length), size);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(Magic.Length + 4), stored.Count);
        for (var i = 0; i < stored.Count; i++)
            header[Magic.Length + 8 + i] = stored[i] ? (byte)1 : (byte)0;
        AtomicFile.Write(path, partial =>
        {
            using var file = File.Create(partial);
            file.Write(header);
            file.Write(MemoryMarshal.AsBytes(pixels.Span));
        });
    }

    // Padded so the values after the header are aligned for every element type.
    private static int HeaderLength(int count) => (Magic.Length + 8 + count + 7) / 8 * 8;
}
