using System.Runtime.InteropServices;

namespace BrainTumor.Learning.Runtime;

/// <summary>
/// Huge pages for a program that trains, without the operator exporting anything. glibc's tunable
/// (<see cref="LibTorchHugePages.GlibcTunables"/>) was the fastest way to back a training step's
/// allocations with huge pages (3.63 s against 4.23 s per ResNet18 epoch with libtorch's own switch,
/// docs/BENCHMARKS.md, "Huge pages"), but glibc reads it only when a process starts. So
/// <see cref="Start"/>, the first call of every program's Main, starts the same program again in
/// place (<c>execve</c> of <c>/proc/self/exe</c> with the same arguments: same process id, same
/// terminal, same signals) with the tunable added, when:
/// <list type="bullet">
/// <item>the system is Linux with glibc 2.35 or later (older glibc has no such tunable);</item>
/// <item>the environment does not choose already: <c>GLIBC_TUNABLES</c> without it and libtorch's
/// <c>THP_MEM_ALLOC_ENABLE</c> unset (a benchmark that compares the switches sets them itself);</item>
/// <item>neither <c>--no-huge-pages</c> is among the arguments nor <c>BRAINTUMOR_HUGE_PAGES=0</c> in the environment.</item>
/// </list>
/// Otherwise, and if the new start fails, the program goes on as it is with libtorch's switch
/// (<see cref="LibTorchHugePages.Enable"/>); <c>--no-huge-pages</c> turns both off.
/// </summary>
public static class ProcessHugePages
{
    public const string NoHugePagesFlag = "--no-huge-pages";

    /// <summary>The environment variable that, set to 0, keeps a program on libtorch's switch alone.</summary>
    public const string Setting = "BRAINTUMOR_HUGE_PAGES";

    /// <summary>
    /// Starts this program again with glibc's huge pages when it should (see the class), and otherwise
    /// turns on libtorch's; returns <paramref name="args"/> without <see cref="NoHugePagesFlag"/>.
    /// </summary>
    public static string[] Start(string[] args)
    {
        var off = args.Contains(NoHugePagesFlag);
        var rest = off ? [.. args.Where(a => a != NoHugePagesFlag)] : args;
        if (off)
            Environment.SetEnvironmentVariable(LibTorchHugePages.Variable, "0");
        else if (ShouldRestart())
            Restart(); // returns only when execve failed
        // .NET's SetEnvironmentVariable does not reach the native environment libtorch reads.
        if (off)
            LibTorchHugePages.Disable();
        LibTorchHugePages.Enable();
        return rest;
    }

    private static bool ShouldRestart() =>
        OperatingSystem.IsLinux()
        && Environment.GetEnvironmentVariable(Setting) != "0"
        && Environment.GetEnvironmentVariable(LibTorchHugePages.Variable) is null
        && !LibTorchHugePages.GlibcHugePages
        && GlibcHasTheTunable()
        && File.Exists("/proc/self/exe") && File.Exists("/proc/self/cmdline");

    private static bool GlibcHasTheTunable()
    {
        try
        {
            return Version.TryParse(Marshal.PtrToStringUTF8(gnu_get_libc_version()), out var version) && version >= new Version(2, 35);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // not glibc (musl, for one)
        }
    }

    private static void Restart()
    {
        var argv = File.ReadAllText("/proc/self/cmdline").Split('\0');
        if (argv is [.., ""])
            argv = argv[..^1];
        var tunables = Environment.GetEnvironmentVariable("GLIBC_TUNABLES");
        var environment = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => k != "GLIBC_TUNABLES")
            .Select(k => $"{k}={Environment.GetEnvironmentVariable(k)}")
            .Append($"GLIBC_TUNABLES={(string.IsNullOrEmpty(tunables) ? "" : tunables + ":")}{LibTorchHugePages.GlibcTunables}")
            .ToArray();
        var argvPointers = Native(argv);
        var environmentPointers = Native(environment);
        execve("/proc/self/exe", argvPointers, environmentPointers);
        // Still here: the new start failed; go on in this process.
        foreach (var p in argvPointers.Concat(environmentPointers))
            Marshal.FreeCoTaskMem(p);
    }

    /// <summary>A null-terminated array of UTF-8 strings, as execve takes them.</summary>
    private static nint[] Native(string[] values) => [.. values.Select(Marshal.StringToCoTaskMemUTF8), 0];

    [DllImport("libc", SetLastError = true)]
    private static extern int execve(string path, nint[] argv, nint[] envp);

    [DllImport("libc")]
    private static extern nint gnu_get_libc_version();
}
