using System.Runtime.InteropServices;
using BrainTumor.Learning.Runtime;

namespace BrainTumor.Learning.Tests;

public class NativeHeapTests
{
    [SkippableFact]
    public void Trim_hands_back_the_free_pages_between_blocks_still_in_use()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "malloc_trim is glibc's");
        // 128 MiB in 4 KiB heap blocks (below glibc's mmap threshold), touched; then 7 of every 8 freed.
        // The survivors pin the heap, so free() alone cannot shrink it: the holes stay resident.
        var blocks = Enumerable.Range(0, 32_768).Select(_ => Marshal.AllocHGlobal(4096)).ToArray();
        foreach (var block in blocks)
            for (var offset = 0; offset < 4096; offset += 512)
                Marshal.WriteInt64(block, offset, 42);
        for (var i = 0; i < blocks.Length; i++)
            if (i % 8 != 0)
                Marshal.FreeHGlobal(blocks[i]);
        try
        {
            var before = ResidentMiB();
            Assert.True(NativeHeap.Trim());
            var after = ResidentMiB();
            Assert.True(before - after >= 48, $"resident set {before} MiB before the trim, {after} MiB after: expected at least 48 MiB handed back");
        }
        finally
        {
            for (var i = 0; i < blocks.Length; i += 8)
                Marshal.FreeHGlobal(blocks[i]);
        }
    }

    private static long ResidentMiB() =>
        long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;
}
