using System.Diagnostics;
using System.Text.Json;
using BrainTumor.Testing;

namespace BrainTumor.Client.Tests;

/// <summary>Runs the built <c>braintumor</c> program as a user would, from the repository root.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public JsonElement Json() => JsonDocument.Parse(Stdout).RootElement;
    }

    private static string Program => Built("client", "braintumor.dll");

    /// <summary>A program built in the same configuration and framework as this test assembly (.../bin/&lt;Configuration&gt;/&lt;tfm&gt;/).</summary>
    public static string Built(string project, string assembly)
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(TestPaths.RepoRoot, project, "bin", here.Parent!.Name, here.Name, assembly);
        Assert.True(File.Exists(path), $"{path} not built");
        return path;
    }

    public static Result Run(params string[] args) => RunWith(new Dictionary<string, string>(), args);

    public static Result RunWith(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunIn(TestPaths.RepoRoot, environment, args);

    /// <summary>Runs in <paramref name="workingDirectory"/> with extra environment variables.</summary>
    public static Result RunIn(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunProgram(Program, workingDirectory, environment, args);

    /// <summary>Runs a built program (<see cref="Built"/>) in <paramref name="workingDirectory"/>, failing the test after 5 minutes.</summary>
    public static Result RunProgram(string program, string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(program);
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{Path.GetFileName(program)} {string.Join(' ', args)} did not finish in 5 minutes");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
