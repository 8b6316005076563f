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

    /// <summary>A path under the shared data, or a skip (with the reason) when it is not there.</summary>
    public static string RequireShared(params string[] parts)
    {
        var path = Path.Combine([SharedData, .. parts]);
        Xunit.Skip.IfNot(Directory.Exists(path) || File.Exists(path),
            $"needs {path} (the shared CE-MRI data beside the repository); not present on this machine");
        return path;
    }

    public static string NewTempDirectory(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), "braintumor-tests", $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "BrainTumorOrleans.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"BrainTumorOrleans.sln not found above {AppContext.BaseDirectory}");
    }
}
