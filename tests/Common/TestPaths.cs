namespace BrainTumor.Testing;

/// <summary>Where tests find the repository, its fixtures and the shared data beside it.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Fixtures => Path.Combine(RepoRoot, "tests", "fixtures");

    public static string Sample => Path.Combine(RepoRoot, "data", "sample");

    /// <summary>The shared data folder (../shared/data beside the repository, or BRAINTUMOR_SHARED_DATA).</summary>
    public static string SharedData =>
        Environment.GetEnvironmentVariable("BRAINTUMOR_SHARED_DATA") is { Length: > 0 } overridden
            ? overridden
            : Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "data"));

    /// <summary>A path under the shared data, or a skip (a failure under BRAINTUMOR_REQUIRE_ALL) when it is not there.</summary>
    public static string RequireShared(params string[] parts)
    {
        var path = Path.Combine([SharedData, .. parts]);
        Prerequisites.Require(Directory.Exists(path) || File.Exists(path),
            $"needs {path} (the shared CE-MRI data beside the repository, or BRAINTUMOR_SHARED_DATA); not present on this machine");
        return path;
    }

    /// <summary>A copy of a fixture folder (under tests/fixtures) in a new temporary folder, for a test that writes beside its files.</summary>
    public static string CopyFixture(string fixture, string into)
    {
        var source = Path.Combine(Fixtures, fixture);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(into, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return into;
    }

    private static readonly string TempRoot = Path.Combine(Path.GetTempPath(), "braintumor-tests");
    private static readonly Lazy<bool> OldTempRemoved = new(RemoveOldTempDirectories);

    /// <summary>A new empty folder for one test; folders of runs older than a day are removed.</summary>
    public static string NewTempDirectory(string prefix)
    {
        _ = OldTempRemoved.Value;
        var path = Path.Combine(TempRoot, $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    private static bool RemoveOldTempDirectories()
    {
        if (!Directory.Exists(TempRoot)) return true;
        foreach (var dir in new DirectoryInfo(TempRoot).EnumerateDirectories())
        {
            if (dir.LastWriteTimeUtc > DateTime.UtcNow.AddDays(-1)) continue;
            try { dir.Delete(recursive: true); }
            catch (IOException) { } // another test run may be using it
            catch (UnauthorizedAccessException) { }
        }
        return true;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "BrainTumorOrleans.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"BrainTumorOrleans.sln not found above {AppContext.BaseDirectory}");
    }
}
