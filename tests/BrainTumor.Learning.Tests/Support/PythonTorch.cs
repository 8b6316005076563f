using System.Diagnostics;

namespace BrainTumor.Learning.Tests.Support;

/// <summary>
/// PyTorch as a reference implementation: the first Python 3 (on the PATH, then Debian's) that
/// imports torch (Debian package python3-torch). Tests that need it skip, saying so, without it
/// (fail under BRAINTUMOR_REQUIRE_ALL, as in .ci/run, which installs it).
/// </summary>
internal static class PythonTorch
{
    private static readonly Lazy<string?> Interpreter = new(() =>
        new[] { "python3", "/usr/bin/python3" }.FirstOrDefault(p => Run(p, "-c \"import torch\"", out _) == 0));

    /// <summary>The interpreter, or a skip (a failure under the switch) with the reason.</summary>
    public static string Require()
    {
        Prerequisites.Require(Interpreter.Value is not null, "needs python3 with torch as the reference (Debian: apt-get install -y python3-torch); not found");
        return Interpreter.Value!;
    }

    /// <summary>Writes the script to <paramref name="folder"/> and runs it with arguments; fails the test with Python's output when it exits non-zero.</summary>
    public static void RunScript(string script, string folder, params string[] arguments)
    {
        var python = Require();
        var file = Path.Combine(folder, "reference.py");
        File.WriteAllText(file, script);
        var code = Run(python, string.Join(' ', new[] { file }.Concat(arguments).Select(a => $"\"{a}\"")), out var output);
        Assert.True(code == 0, $"{python} {file} exited with {code}:\n{output}");
    }

    private static int Run(string python, string arguments, out string output)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(python, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var stderr = process.StandardError.ReadToEndAsync();
            output = process.StandardOutput.ReadToEnd() + stderr.Result;
            process.WaitForExit();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            output = e.Message;
            return -1;
        }
    }
}
