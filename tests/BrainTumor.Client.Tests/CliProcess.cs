using System.Diagnostics;

namespace BrainTumor.Client.Tests;

/// <summary>
/// The built <c>braintumor</c> program running in the background, as an operator's terminal would hold it: its
/// lines as they come, and the signals Ctrl+C (SIGINT) and <c>kill</c> (SIGTERM) sent to it.
/// </summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _stdout = [];
    private readonly List<string> _stderr = [];

    private CliProcess(Process process) => _process = process;

    public string Stdout { get { lock (_stdout) return string.Join('\n', _stdout); } }

    public string Stderr { get { lock (_stderr) return string.Join('\n', _stderr); } }

    /// <summary>
    /// Starts the program in <paramref name="workingDirectory"/>. Through <c>env --default-signal=INT</c>: a process
    /// started in the background of a script inherits SIGINT ignored, and .NET leaves an ignored SIGINT ignored.
    /// </summary>
    public static CliProcess Start(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("env") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["--default-signal=INT", "dotnet", CliRunner.Built("client", "braintumor.dll"), .. args])
            start.ArgumentList.Add(a);
        foreach (var (k, v) in environment)
            start.Environment[k] = v;
        var cli = new CliProcess(Process.Start(start)!);
        cli._process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (cli._stdout) cli._stdout.Add(e.Data); };
        cli._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (cli._stderr) cli._stderr.Add(e.Data); };
        cli._process.BeginOutputReadLine();
        cli._process.BeginErrorReadLine();
        return cli;
    }

    /// <summary>Waits until a line of stdout or stderr contains <paramref name="text"/>; fails the test when the program ends first or after <paramref name="minutes"/>.</summary>
    public async Task WaitForLine(string text, int minutes = 4)
    {
        var deadline = DateTime.UtcNow.AddMinutes(minutes);
        while (!Stdout.Contains(text, StringComparison.Ordinal) && !Stderr.Contains(text, StringComparison.Ordinal))
        {
            Assert.False(_process.HasExited, $"braintumor ended (exit {(_process.HasExited ? _process.ExitCode : 0)}) before printing '{text}':\n{Stdout}\n{Stderr}");
            Assert.True(DateTime.UtcNow < deadline, $"no line with '{text}' within {minutes} minutes:\n{Stdout}\n{Stderr}");
            await Task.Delay(50);
        }
    }

    /// <summary>Sends <paramref name="signal"/> (INT, TERM) to the program, as Ctrl+C or <c>kill -TERM</c> do.</summary>
    public void Signal(string signal) => Send(_process.Id, signal);

    public static void Send(int pid, string signal)
    {
        using var kill = Process.Start("kill", ["-s", signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>Waits for the program to end, at most <paramref name="bound"/>, and returns its exit code (128 + the signal when one ended it).</summary>
    public Task<int> Exit(TimeSpan bound) => ExitWithin(_process, bound, () => $"{Stdout}\n{Stderr}");

    /// <summary>Waits for <paramref name="process"/> to end, at most <paramref name="bound"/> (else fails the test showing <paramref name="output"/>); its exit code.</summary>
    public static async Task<int> ExitWithin(Process process, TimeSpan bound, Func<string> output)
    {
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"{Path.GetFileName(process.StartInfo.FileName)} still running {bound.TotalSeconds} s after the signal:\n{output()}");
        }
        process.WaitForExit(); // the last lines
        return process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
