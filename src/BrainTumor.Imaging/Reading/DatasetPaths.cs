namespace BrainTumor.Imaging.Reading;

/// <summary>
/// Where a dataset's files really are: a symbolic link inside a dataset folder (to a file, or a
/// class folder that is a link) may point anywhere on the machine, and a reader that followed it
/// would read, and a report would describe, files outside the folders the operator configured. So
/// every file's path is resolved through its links, and one that ends outside the dataset folder is
/// rejected (<see cref="RejectionReason.OutsideDataset"/>); links that stay inside are read as usual.
/// </summary>
public static class DatasetPaths
{
    /// <summary>The path with every symbolic link in it resolved (what realpath(3) gives); a path that does not exist is resolved as far as it does.</summary>
    public static string Real(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full)!;
        var current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            FileSystemInfo entry = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (entry.LinkTarget is not null && entry.ResolveLinkTarget(returnFinalTarget: true) is { } target)
                next = Real(target.FullName); // the target's own folders may be links too
            current = next;
        }
        return current;
    }

    /// <summary>
    /// The check for the files of one dataset folder: each folder's links are resolved once, and a
    /// file costs one look at whether it is itself a link (indexing runs on every dataset request).
    /// </summary>
    public sealed class Boundary(string root)
    {
        private readonly string _realRoot = Real(root);
        private readonly Dictionary<string, string> _realFolders = new(StringComparer.Ordinal);

        /// <summary>Rejects <paramref name="file"/> when its resolved path is not under the dataset folder.</summary>
        public void Check(string file)
        {
            string real;
            try
            {
                var folder = Path.GetDirectoryName(Path.GetFullPath(file))!;
                if (!_realFolders.TryGetValue(folder, out var realFolder))
                    _realFolders[folder] = realFolder = Real(folder);
                real = new FileInfo(file).LinkTarget is null ? Path.Combine(realFolder, Path.GetFileName(file)) : Real(file);
            }
            catch (IOException e)
            {
                throw new ItemRejectedException(RejectionReason.OutsideDataset, $"its symbolic links cannot be resolved ({e.Message})", e);
            }
            var inside = _realRoot.EndsWith(Path.DirectorySeparatorChar) ? _realRoot : _realRoot + Path.DirectorySeparatorChar;
            if (!real.StartsWith(inside, StringComparison.Ordinal))
                throw new ItemRejectedException(RejectionReason.OutsideDataset,
                    $"a symbolic link to {real}, outside the dataset folder {_realRoot}; copy the file into the folder instead");
        }
    }
}
