using System.Runtime.InteropServices;

namespace BrainTumor.Learning.Runtime;

/// <summary>
/// Transparent huge pages for the memory a training step allocates (Linux only). A step allocates
/// hundreds of MB of fresh activations and gradients, and on a virtual machine every 4 KB page fault
/// is dear: on the development machine a ResNet18 epoch took 1.75 times as long with 4 KB pages
/// (3.3 times while other jobs ran; docs/BENCHMARKS.md, "Huge pages"). Two switches, both read once per process:
/// <list type="bullet">
/// <item>libtorch's <c>THP_MEM_ALLOC_ENABLE=1</c> aligns and advises tensors of 2 MB and more; it can
/// be set from inside the process before the first tensor, so the programs that train turn it on
/// (<see cref="Enable"/>) and nobody has to remember it.</item>
/// <item>glibc's <c>GLIBC_TUNABLES=glibc.malloc.hugetlb=1</c> (glibc 2.35 and later) advises every
/// large malloc block and was faster still here; glibc reads it when the process starts, so the
/// programs start themselves again with it (<see cref="ProcessHugePages"/>). With it,
/// <see cref="Enable"/> leaves libtorch's switch off: the two together were slower than glibc's alone.</item>
/// </list>
/// A value the environment already gives <c>THP_MEM_ALLOC_ENABLE</c> (0 turns it off) is kept.
/// </summary>
public static class LibTorchHugePages
{
    public const string Variable = "THP_MEM_ALLOC_ENABLE";

    /// <summary>glibc's tunable that backs large malloc blocks with transparent huge pages.</summary>
    public const string GlibcTunables = "glibc.malloc.hugetlb=1";

    /// <summary>
    /// Turns libtorch's switch on unless the environment sets it or glibc's tunable already gives huge
    /// pages (together they were slower than glibc's alone); returns which way large blocks get huge pages.
    /// </summary>
    public static string Enable()
    {
        if (!OperatingSystem.IsLinux())
            return "none (not Linux)";
        if (GlibcHugePages)
            return $"glibc ({GlibcTunables})";
        // The native environment, not .NET's copy of it: that is what libtorch reads.
        var current = Marshal.PtrToStringUTF8(getenv(Variable));
        if (current is null && setenv(Variable, "1", 0) != 0)
            return "none";
        return (current ?? "1") != "0" ? $"libtorch ({Variable}=1)" : "none";
    }

    /// <summary>Sets libtorch's switch to 0 in the native environment (before the first tensor): 4 KB pages for its allocations.</summary>
    public static void Disable()
    {
        if (OperatingSystem.IsLinux())
            setenv(Variable, "0", 1);
    }

    /// <summary>Whether this process started with glibc's huge-page tunable.</summary>
    public static bool GlibcHugePages =>
        OperatingSystem.IsLinux() && Marshal.PtrToStringUTF8(getenv("GLIBC_TUNABLES")) is { } tunables
        && tunables.Split(':').Any(t => t.Trim() is "glibc.malloc.hugetlb=1" or "glibc.malloc.hugetlb=2");

    /// <summary>Which way this process's large blocks get huge pages: glibc's tunable, libtorch's switch, or none.</summary>
    public static string Describe() =>
        GlibcHugePages ? $"glibc ({GlibcTunables})" : Current is { } v && v != "0" ? $"libtorch ({Variable}={v})" : "none";

    /// <summary>libtorch's switch as libtorch will read it (null when unset).</summary>
    public static string? Current => OperatingSystem.IsLinux() ? Marshal.PtrToStringUTF8(getenv(Variable)) : null;

    [DllImport("libc", CharSet = CharSet.Ansi)]
    private static extern nint getenv(string name);

    [DllImport("libc", CharSet = CharSet.Ansi)]
    private static extern int setenv(string name, string value, int overwrite);
}
