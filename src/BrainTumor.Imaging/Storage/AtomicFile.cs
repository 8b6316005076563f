namespace BrainTumor.Imaging.Storage;

/// <summary>
/// Writes a file whole or not at all: the content goes to a uniquely named file beside the target,
/// which is then renamed over it, so a crash or a concurrent writer never leaves a partial file.
/// Every file the platform keeps (cache entries, fold plans, weights, checkpoints) is written this way.
/// </summary>
public static class AtomicFile
{
    public const string PartialSuffix = ".partial";

    /// <summary>Calls <paramref name="write"/> with the temporary path to fill, then moves it to <paramref name="path"/>.</summary>
    public static void Write(string path, Action<string> write)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var partial = $"{full}.{Environment.ProcessId}.{Guid.NewGuid():N}{PartialSuffix}";
        try
        {
            write(partial);
            File.Move(partial, full, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
    }
}
