using System.Reflection;
using System.Text;
using BrainTumor.Build;
using BrainTumor.Learning.Runtime;
using Microsoft.Build.Utilities;

namespace BrainTumor.Learning.Tests.Build;

/// <summary>
/// build/ElfGlibcxxPatch.cs, the build's edit of TorchSharp's native library, run on copies of the
/// NuGet cache's original with libstdc++ stand-ins: copies of the system's libstdc++.so.6 whose
/// version table does or does not name GLIBCXX_3.4.32 (the task looks for the name and nothing else).
/// </summary>
public sealed class ElfGlibcxxPatchTests
{
    private const string Version = "GLIBCXX_3.4.32";
    private const string Symbol = "_ZSt21ios_base_library_initv";
    private const string SystemLibStdCxx = "/usr/lib/x86_64-linux-gnu/libstdc++.so.6";

    /// <summary>The library as TorchSharp's package ships it, never edited (the task writes only build output).</summary>
    private static string Original
    {
        get
        {
            var root = typeof(ElfGlibcxxPatchTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "NuGetPackageRoot").Value!;
            var version = typeof(TorchSharp.torch).Assembly.GetName().Version!;
            return Path.Combine(root, "torchsharp", $"{version.Major}.{version.Minor}.{version.Build}", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        }
    }

    private static bool SystemHasVersion => Contains(File.ReadAllBytes(SystemLibStdCxx), Version + "\0");

    [SkippableFact]
    public void Leaves_the_library_untouched_where_libstdcxx_provides_the_version()
    {
        var (folder, library, written) = CopyOfOriginal("elf-newer");

        var (engine, succeeded) = Run(library, "auto", LibStdCxx(folder, providing: true));

        Assert.True(succeeded);
        Assert.Empty(engine.Warnings);
        Assert.Contains(engine.Messages, m => m.Contains($"provides {Version}; nothing to do", StringComparison.Ordinal));
        Assert.Equal(File.ReadAllBytes(Original), File.ReadAllBytes(library));
        Assert.Equal(written, File.GetLastWriteTimeUtc(library));
    }

    [SkippableFact]
    public void Patches_where_libstdcxx_lacks_the_version_and_a_second_run_changes_nothing()
    {
        var (folder, library, written) = CopyOfOriginal("elf-older");
        var older = LibStdCxx(folder, providing: false);
        var original = File.ReadAllBytes(Original);
        Assert.True(Contains(original, Symbol + "\0"), $"{Original} no longer names {Symbol}: the patch has nothing to do");

        var (first, succeeded) = Run(library, "auto", older);

        Assert.True(succeeded);
        Assert.Empty(first.Warnings);
        var patchedMessage = Assert.Single(first.Messages, m => m.StartsWith($"ElfGlibcxxPatch: patched {library}", StringComparison.Ordinal));
        Assert.Contains($"{Version} marked weak, {Symbol} unversioned, renamed to sched_yield", patchedMessage);
        Assert.Contains($"{older} lacks {Version}", patchedMessage);
        var patched = File.ReadAllBytes(library);
        // Edits in place: one flag byte, one .gnu.version entry and the symbol's name; nothing moves.
        Assert.Equal(original.Length, patched.Length);
        Assert.InRange(original.Zip(patched).Count(p => p.First != p.Second), 3, 2 + 2 + Symbol.Length);
        Assert.False(Contains(patched, Symbol + "\0"));
        Assert.True(Contains(patched, "sched_yield\0\0"));
        // The timestamp is kept so the SDK's incremental copy does not put the original back.
        Assert.Equal(written, File.GetLastWriteTimeUtc(library));

        foreach (var mode in new[] { "auto", "always" })
        {
            var (again, succeededAgain) = Run(library, mode, older);
            Assert.True(succeededAgain);
            Assert.Empty(again.Warnings);
            Assert.Contains(again.Messages, m => m.Contains("already patched or does not need", StringComparison.Ordinal));
            Assert.Equal(patched, File.ReadAllBytes(library));
            Assert.Equal(written, File.GetLastWriteTimeUtc(library));
        }
    }

    [SkippableFact]
    public void A_truncated_library_is_left_as_it_is_with_a_warning_naming_it()
    {
        var (_, library, _) = CopyOfOriginal("elf-truncated");
        var truncated = File.ReadAllBytes(Original)[..4096];
        File.WriteAllBytes(library, truncated);

        var (engine, succeeded) = Run(library, "always", "");

        Assert.True(succeeded); // a warning, not a build error: the library may still load on a newer system
        var warning = Assert.Single(engine.Warnings);
        Assert.Equal($"ElfGlibcxxPatch: cannot patch {library}: truncated or malformed ELF file (IndexOutOfRangeException); it will probably fail to load.", warning);
        Assert.Equal(truncated, File.ReadAllBytes(library));
    }

    /// <summary>
    /// The library this process loaded (the build output's copy, which the torch tests use) is exactly
    /// what the task makes of the NuGet original for this machine's libstdc++: patched where it lacks
    /// the version, untouched where it has it. A tensor computed here proves the copy loads.
    /// </summary>
    [SkippableFact]
    public void The_loaded_native_library_is_the_tasks_output_for_this_machine()
    {
        var (_, expected, _) = CopyOfOriginal("elf-system");
        using var ones = TorchSharp.torch.ones(3);
        using var sum = ones.sum();
        Assert.Equal(3f, sum.item<float>());
        Assert.StartsWith("2.10.0", TorchRuntime.LibTorchVersion);
        var loaded = File.ReadLines("/proc/self/maps").Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Last())
            .Distinct().Single(p => Path.GetFileName(p) == "libLibTorchSharp.so");

        var (_, succeeded) = Run(expected, "auto", "");

        Assert.True(succeeded);
        Assert.NotEqual(Original, loaded);
        Assert.Equal(File.ReadAllBytes(expected), File.ReadAllBytes(loaded));
        Assert.Equal(SystemHasVersion, File.ReadAllBytes(Original).AsSpan().SequenceEqual(File.ReadAllBytes(loaded)));
    }

    private static (RecordingBuildEngine Engine, bool Succeeded) Run(string library, string mode, string libStdCxx)
    {
        var engine = new RecordingBuildEngine();
        var task = new ElfGlibcxxPatch { BuildEngine = engine, Libraries = [new TaskItem(library)], Mode = mode, LibStdCxx = libStdCxx };
        return (engine, task.Execute());
    }

    /// <summary>A copy of the original in a new folder, with its timestamp (the task keeps it).</summary>
    private static (string Folder, string Library, DateTime Written) CopyOfOriginal(string prefix)
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "the patch runs on Linux only");
        var folder = TestPaths.NewTempDirectory(prefix);
        var library = Path.Combine(folder, "libLibTorchSharp.so");
        File.Copy(Original, library);
        return (folder, library, File.GetLastWriteTimeUtc(library));
    }

    /// <summary>A copy of the system's libstdc++.so.6 that names GLIBCXX_3.4.32 or does not (same length either way).</summary>
    private static string LibStdCxx(string folder, bool providing)
    {
        var bytes = File.ReadAllBytes(SystemLibStdCxx);
        var (from, to) = providing ? ("GLIBCXX_3.4.30\0", Version + "\0") : (Version + "\0", "GLIBCXX_3.4.99\0");
        if (Contains(bytes, Version + "\0") != providing) ReplaceAll(bytes, from, to);
        Assert.Equal(providing, Contains(bytes, Version + "\0"));
        var path = Path.Combine(folder, providing ? "libstdc++-providing.so.6" : "libstdc++-lacking.so.6");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static bool Contains(byte[] bytes, string text) => bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(text)) >= 0;

    private static void ReplaceAll(byte[] bytes, string from, string to)
    {
        byte[] needle = Encoding.ASCII.GetBytes(from), replacement = Encoding.ASCII.GetBytes(to);
        for (var at = bytes.AsSpan().IndexOf(needle); at >= 0; at = bytes.AsSpan().IndexOf(needle))
            replacement.CopyTo(bytes, at);
    }
}
