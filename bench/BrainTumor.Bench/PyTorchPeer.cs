using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace BrainTumor.Bench;

/// <summary>
/// The PyTorch side of a side-by-side comparison: Debian's python3-torch (installed with apt when
/// missing), running bench/pytorch_training_peer.py as a child process that stays alive for one
/// benchmark row and answers one JSON line per command, so its runs can interleave with ours.
/// </summary>
internal sealed class PyTorchPeer : IDisposable
{
    /// <summary>Debian's PyTorch, its torchvision, and OpenBLAS (without it Debian's torch falls back to the reference BLAS, which is no fair peer).</summary>
    public static readonly string[] Packages = ["python3-torch", "python3-torchvision", "libopenblas0-pthread"];

    public const string Script = "pytorch_training_peer.py";

    private readonly Process _process;
    private readonly StringBuilder _errors = new();

    private PyTorchPeer(string python, string jobFile, int threads, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, Script));
        start.ArgumentList.Add(jobFile);
        // OpenBLAS keeps its own pool besides torch's OpenMP threads: give it the same count.
        start.Environment["OPENBLAS_NUM_THREADS"] = threads.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // The peer's huge pages are what the peer says, not what this process started with.
        start.Environment.Remove("GLIBC_TUNABLES");
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        _process = Process.Start(start) ?? throw new InvalidOperationException($"{python}: could not be started");
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_errors)
                _errors.AppendLine(e.Data);
        };
        _process.BeginErrorReadLine();
    }

    /// <summary>Installs the missing <see cref="Packages"/> with apt-get (through sudo unless root), then checks that <paramref name="python"/> imports torch; returns torch's version.</summary>
    public static string EnsureInstalled(string python)
    {
        var missing = Packages.Where(p => !Run("dpkg-query", ["-W", "-f=${Status}", p]).Output.Contains("install ok installed", StringComparison.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            Console.WriteLine($"  setup: apt-get install -y {string.Join(' ', missing)}");
            string[] install = ["apt-get", "install", "-y", .. missing];
            var (code, output) = Environment.IsPrivilegedProcess ? Run(install[0], install[1..]) : Run("sudo", install);
            if (code != 0)
                throw new InvalidOperationException($"apt-get install {string.Join(' ', missing)} failed (exit {code}): {Tail(output)}");
        }
        var check = Run(python, ["-c", "import torch, torchvision, numpy; print(torch.__version__)"]);
        if (check.Code != 0)
            throw new InvalidOperationException($"--python {python}: cannot import torch, torchvision and numpy ({Tail(check.Output)}); apt's python3-torch installs them for Debian's /usr/bin/python3");
        return check.Output.Trim();
    }

    /// <summary>Starts the peer on a job file, its environment extended by <paramref name="environment"/>, and waits for its first reply (model built, weights loaded, warm-up epoch done).</summary>
    public static (PyTorchPeer Peer, JsonElement Ready) Start(string python, string jobFile, int threads, IReadOnlyDictionary<string, string> environment)
    {
        var peer = new PyTorchPeer(python, jobFile, threads, environment);
        try
        {
            return (peer, peer.Reply());
        }
        catch
        {
            peer.Dispose();
            throw;
        }
    }

    /// <summary>One stage (a fresh optimizer, the job's epochs); its reply.</summary>
    public JsonElement Stage()
    {
        _process.StandardInput.WriteLine("stage");
        _process.StandardInput.Flush();
        return Reply();
    }

    private JsonElement Reply()
    {
        var line = _process.StandardOutput.ReadLine();
        if (line is null)
        {
            _process.WaitForExit();
            lock (_errors)
                throw new InvalidOperationException($"{Script} ended (exit {_process.ExitCode}) without a reply: {Tail(_errors.ToString())}");
        }
        return JsonDocument.Parse(line).RootElement.Clone();
    }

    private static (int Code, string Output) Run(string file, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output + error.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, $"{file}: {e.Message}");
        }
    }

    private static string Tail(string text) => text.Length <= 2000 ? text.Trim() : "..." + text[^2000..].Trim();

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            try
            {
                _process.StandardInput.WriteLine("quit");
                _process.StandardInput.Close();
            }
            catch (IOException)
            {
                // Already gone: nothing to tell it.
            }
            if (!_process.WaitForExit(TimeSpan.FromSeconds(30)))
                _process.Kill();
        }
        _process.Dispose();
    }
}
