using System.Runtime.InteropServices;

namespace BrainTumor.Imaging.Preprocessing;

/// <summary>
/// Preprocessed slices on disk, one float16 file per slice, addressed by the SHA-256 of the source
/// file's bytes, the output size and <see cref="SlicePreprocessor.Version"/>: a changed file, size
/// or preprocessing never meets a stale entry, and the same slice in two datasets is stored once.
/// Writes go to a temporary file that is renamed into place, so a crash leaves no partial entry.
/// </summary>
public sealed class PreprocessedSliceCache(string directory)
{
    public string Directory { get; } = Path.GetFullPath(directory);

    public string PathFor(string contentHash, int size) =>
        Path.Combine(Directory, $"v{SlicePreprocessor.Version}", size.ToString(), contentHash[..2], contentHash + ".f16");

    /// <summary>Fills <paramref name="destination"/> (size x size values) from the cache; false on a miss or a damaged entry.</summary>
    public bool TryRead(string contentHash, int size, Span<float> destination)
    {
        var path = PathFor(contentHash, size);
        var expected = size * size * sizeof(ushort);
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.None);
            if (file.Length != expected)
                return false; // damaged or foreign: treated as a miss and rewritten
            var halves = new Half[size * size];
            file.ReadExactly(MemoryMarshal.AsBytes(halves.AsSpan()));
            for (var i = 0; i < halves.Length; i++)
                destination[i] = (float)halves[i];
            return true;
        }
        catch (FileNotFoundException) { return false; }
        catch (DirectoryNotFoundException) { return false; }
    }

    public void Write(string contentHash, int size, ReadOnlySpan<float> values)
    {
        if (values.Length != size * size)
            throw new ArgumentException($"expected {size * size} values, got {values.Length}", nameof(values));
        var path = PathFor(contentHash, size);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var halves = new Half[values.Length];
        for (var i = 0; i < halves.Length; i++)
            halves[i] = (Half)values[i];
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllBytes(temporary, MemoryMarshal.AsBytes(halves.AsSpan()));
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
