using System.Runtime.InteropServices;

namespace BrainTumor.Learning.Runtime;

/// <summary>
/// Hands freed native memory back to the system (glibc's <c>malloc_trim</c>; Linux only). With
/// libtorch's huge-page allocations the blocks of one epoch are 2 MB-aligned and their freed
/// remains stay mapped, so the resident set climbs a few MiB every few epochs; trimming after
/// each epoch keeps it flat (docs/BENCHMARKS.md, "Memory over a long stage").
/// </summary>
public static class NativeHeap
{
    /// <summary>Returns whether some memory was released.</summary>
    public static bool Trim() => OperatingSystem.IsLinux() && malloc_trim(0) != 0;

    [DllImport("libc")]
    private static extern int malloc_trim(nuint pad);
}
