using System.Runtime.InteropServices;
using BrainTumor.Imaging.Storage;

namespace BrainTumor.Imaging.Preprocessing;

/// <summary>
/// Preprocessed slices on disk, one raw float32 file per slice (read straight into the batch buffer), addressed by the SHA-256 of the source
/// file's bytes, the output size and <see cref="SlicePreprocessor.Version"/>: a changed file, size
/// or preprocessing never meets a stale entry, and the same slice in two datasets is stored once.
/// Writes go through <see cref="AtomicFile"/>, so a crash leaves no partial entry.
/// </summary>
public sealed class PreprocessedSliceCache(string directory)
{
    public string Directory { get; } = Path.GetFullPath(directory);

    public string PathFor(string contentHash, int size) =>
        Path.Combine(Directory, $"v{SlicePreprocessor.Version}", size.ToString(), contentHash[..2], contentHash + ".f32");

    /// <summary>Fills <paramref name="destination"/> (size x size values) from the cache; false on a miss or a damaged entry.</summary>
    public bool TryRead(string contentHash, int size, Span<float> destination)
    {
        var path = PathFor(contentHash, size);
        var target = MemoryMarshal.AsBytes(destination[..(size * size)]);
        try
        {
            using var file = File.OpenHandle(path);
            if (RandomAccess.GetLength(file) != target.Length)
                return false; // damaged or foreign: treated as a miss and rewritten
            return RandomAccess.Read(file, target, 0) == target.Length;
        }
        catch (FileNotFoundException) { return false; }
        catch (DirectoryNotFoundException) { return false; }
    }

    public void Write(string contentHash, int size, float[] values)
    {
        if (values.Length != size * size)
            throw new ArgumentException($"expected {size * size} values, got {values.Length}", nameof(values));
        AtomicFile.Write(PathFor(contentHash, size), partial => File.WriteAllBytes(partial, MemoryMarshal.AsBytes(values.AsSpan())));
    }
}
