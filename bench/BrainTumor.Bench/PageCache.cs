using System.Runtime.InteropServices;

namespace BrainTumor.Bench;

/// <summary>
/// Drops a file from the kernel's page cache (Linux), so a load can be timed as it runs once the
/// system has evicted its files; on this machine DAMON pages out file pages left idle for a minute.
/// </summary>
internal static class PageCache
{
    private const int PosixFadviseDontNeed = 4;

    [DllImport("libc")]
    private static extern int posix_fadvise(int fd, long offset, long length, int advice);

    public static void Evict(string path)
    {
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("evicting files from the page cache needs Linux (posix_fadvise)");
        using var file = File.OpenHandle(path);
        RandomAccess.FlushToDisk(file); // dirty pages are not dropped: write them out first
        var error = posix_fadvise((int)file.DangerousGetHandle(), 0, 0, PosixFadviseDontNeed);
        if (error != 0)
            throw new IOException($"posix_fadvise(DONTNEED) on {path} failed with error {error}");
    }
}
