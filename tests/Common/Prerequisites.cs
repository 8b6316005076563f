namespace BrainTumor.Testing;

/// <summary>
/// What some tests need from the machine beyond the .NET SDK: the shared data beside the repository,
/// redis-server, promtool, chromium, python3 with torch. Where one is missing the test skips, naming
/// it, so a developer's run still passes; with <c>BRAINTUMOR_REQUIRE_ALL=1</c> (set by .ci/run) it
/// fails instead, so CI cannot pass by skipping.
/// </summary>
public static class Prerequisites
{
    public const string RequireAllVariable = "BRAINTUMOR_REQUIRE_ALL";

    public static bool RequireAll =>
        Environment.GetEnvironmentVariable(RequireAllVariable) is { } value
        && (value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase));

    /// <summary>Nothing when <paramref name="present"/>; otherwise a skip, or under the switch a failure, saying what is <paramref name="missing"/>.</summary>
    public static void Require(bool present, string missing)
    {
        if (present) return;
        if (RequireAll) Assert.Fail($"{missing} ({RequireAllVariable} is set: a missing prerequisite fails the test)");
        throw new SkipException(missing);
    }

    /// <summary>The first of <paramref name="names"/> found as a file in a PATH folder, or null.</summary>
    public static string? OnPath(params string[] names) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .SelectMany(dir => names.Select(name => Path.Combine(dir, name)))
        .FirstOrDefault(File.Exists);

    /// <summary>The executable on PATH, or a skip (a failure under the switch) naming it and its Debian package.</summary>
    public static string Executable(string name, string debianPackage, string neededFor, params string[] alternatives)
    {
        var found = OnPath([name, .. alternatives]);
        Require(found is not null, $"{name} is not installed (Debian: apt-get install -y {debianPackage}; .ci/run installs it): {neededFor}");
        return found!;
    }
}
