namespace BrainTumor.Learning.Prediction;

/// <summary>
/// The overlay file name of each input of one prediction call, unique within the call so that no
/// overlay overwrites another: <c>&lt;stem&gt;.saliency.png</c>, and for inputs whose stems are the
/// same, their path below the inputs' common folder with the separators as <c>_</c>
/// (<c>glioma/1.jpg</c> and <c>meningioma/1.jpg</c> give <c>glioma_1.saliency.png</c> and
/// <c>meningioma_1.saliency.png</c>); a number keeps apart any that still collide.
/// </summary>
public static class SaliencyFileNames
{
    public const string Suffix = ".saliency.png";

    /// <summary>A name for every distinct full path in <paramref name="files"/>, in a dictionary keyed by that path.</summary>
    public static IReadOnlyDictionary<string, string> For(IEnumerable<string> files)
    {
        var paths = files.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).ToList();
        var root = CommonFolder(paths);
        var sameStem = paths.GroupBy(Stem, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).SelectMany(g => g).ToHashSet(StringComparer.Ordinal);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase); // case-insensitive file systems too
        foreach (var path in paths)
        {
            var name = sameStem.Contains(path)
                ? Path.ChangeExtension(Path.GetRelativePath(root, path), null).Replace(Path.DirectorySeparatorChar, '_')
                : Stem(path);
            var unique = name;
            for (var n = 2; !taken.Add(unique); n++)
                unique = $"{name}-{n}";
            names[path] = unique + Suffix;
        }
        return names;
    }

    private static string Stem(string path) => Path.GetFileNameWithoutExtension(path);

    private static string CommonFolder(IReadOnlyList<string> paths)
    {
        if (paths.Count == 0)
            return "";
        var common = Path.GetDirectoryName(paths[0]) ?? "";
        foreach (var path in paths.Skip(1))
            while (!IsUnder(path, common))
                common = Path.GetDirectoryName(common) ?? "";
        return common;
    }

    private static bool IsUnder(string path, string folder) =>
        folder.Length == 0 || path.StartsWith(folder.EndsWith(Path.DirectorySeparatorChar) ? folder : folder + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
