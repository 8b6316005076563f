namespace BrainTumor.Grains.Experiments;

/// <summary>
/// A path with every symbolic link in it resolved, component by component, as the operating system
/// follows it when the file is opened (what realpath(3) gives): a link inside an allowed folder
/// that points outside it must not pass a check of the path's prefix. Components that do not exist
/// are kept as written.
/// </summary>
public static class ResolvedPath
{
    /// <summary>Links followed before giving up, as Linux's MAXSYMLINKS.</summary>
    private const int MaxLinks = 40;

    public static string Of(string path)
    {
        var absolute = Path.IsPathRooted(path) ? path : Path.Combine(Directory.GetCurrentDirectory(), path);
        var root = Path.GetPathRoot(absolute)!;
        var pending = new Stack<string>(Parts(absolute[root.Length..]).Reverse());
        var current = root;
        var links = 0;
        while (pending.TryPop(out var part))
        {
            if (part == ".")
                continue;
            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? root;
                continue;
            }
            var next = Path.Combine(current, part);
            if (new FileInfo(next).LinkTarget is not { } target)
            {
                current = next;
                continue;
            }
            if (++links > MaxLinks)
                throw new IOException($"{path}: more than {MaxLinks} symbolic links to follow (a loop?)");
            // A relative target continues from the link's folder (current); an absolute one from its root.
            if (Path.GetPathRoot(target) is { Length: > 0 } targetRoot)
            {
                current = targetRoot;
                target = target[targetRoot.Length..];
            }
            foreach (var p in Parts(target).Reverse())
                pending.Push(p);
        }
        return current;
    }

    private static string[] Parts(string path) =>
        path.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
}
