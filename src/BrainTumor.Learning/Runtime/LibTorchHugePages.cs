using System.Runtime.InteropServices;

namespace BrainTumor.Learning.Runtime;

/// <summary>
/// libtorch's transparent-huge-page allocations (its <c>THP_MEM_ALLOC_ENABLE</c> switch, Linux
/// only): blocks of 2 MB and more are aligned to 2 MB and advised as huge pages, so the kernel maps
/// them 2 MB at a time instead of 4 KB. A training step allocates hundreds of MB of fresh
/// activations and gradients, and on a virtual machine every 4 KB page fault is dear: on the
/// development machine a ResNet18 step took a fifth of its page faults and ran faster
/// (docs/BENCHMARKS.md, "Huge pages"). libtorch reads the switch once, from the native environment,
/// at its first allocation, so a host turns it on first thing in Main, before any tensor exists.
/// A value the environment already sets (0 turns it off) is kept.
/// </summary>
public static class LibTorchHugePages
{
    public const string Variable = "THP_MEM_ALLOC_ENABLE";

    /// <summary>Sets the switch unless the environment already has it; returns whether huge-page allocation is on.</summary>
    public static bool Enable()
    {
        if (!OperatingSystem.IsLinux())
            return false;
        // The native environment, not .NET's copy of it: that is what libtorch reads.
        var current = Marshal.PtrToStringUTF8(getenv(Variable));
        if (current is null && setenv(Variable, "1", 0) != 0)
            return false;
        return (current ?? "1") != "0";
    }

    /// <summary>The switch as libtorch will read it (null when unset).</summary>
    public static string? Current => OperatingSystem.IsLinux() ? Marshal.PtrToStringUTF8(getenv(Variable)) : null;

    [DllImport("libc", CharSet = CharSet.Ansi)]
    private static extern nint getenv(string name);

    [DllImport("libc", CharSet = CharSet.Ansi)]
    private static extern int setenv(string name, string value, int overwrite);
}
