namespace BrainTumor.Imaging.Storage;

/// <summary>
/// Writes a file whole or not at all: the content goes to a uniquely named file beside the target,
/// which is then renamed over it, so a crash or a concurrent writer never leaves a partial file.
/// Every file the platform keeps (cache entries, fold plans, weights, checkpoints) is written this way.
/// </summary>
public static class AtomicFile
{
    public const string PartialSuffix = ".partial";

    private const string SupersededSuffix = ".superseded";

    /// <summary>Calls <paramref name="write"/> with the temporary path to fill, then moves it to <paramref name="path"/>.</summary>
    public static void Write(string path, Action<string> write) => Write(path, write, freeInBackground: false);

    /// <summary>
    /// As <see cref="Write(string, Action{string})"/>, for a file rewritten often (a checkpoint per epoch):
    /// the previous file is moved aside and deleted off the calling thread. Renaming over it made the
    /// kernel free its blocks there and then, waiting for the pages still being written back (see
    /// docs/BENCHMARKS.md, "Hot spots"). Between the two renames the path is briefly absent: a crash
    /// there loses the previous file (a checkpoint: the stage starts over), never leaves a partial one.
    /// </summary>
    public static void Rewrite(string path, Action<string> write) => Write(path, write, freeInBackground: true);

    private static void Write(string path, Action<string> write, bool freeInBackground)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var partial = $"{full}.{Environment.ProcessId}.{Guid.NewGuid():N}{PartialSuffix}";
        try
        {
            write(partial);
            string? superseded = null;
            if (freeInBackground && File.Exists(full))
            {
                superseded = $"{full}.{Guid.NewGuid():N}{SupersededSuffix}";
                File.Move(full, superseded);
            }
            File.Move(partial, full, overwrite: true);
            if (superseded is not null)
                _ = Task.Run(() => DeleteQuietly(superseded));
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>A superseded file's folder may be gone by then (a finished run removed): nothing is left to free.</summary>
    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
