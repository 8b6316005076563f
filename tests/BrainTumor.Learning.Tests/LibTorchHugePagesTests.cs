using System.Runtime.InteropServices;
using BrainTumor.Learning.Runtime;

namespace BrainTumor.Learning.Tests;

public class LibTorchHugePagesTests
{
    [SkippableFact]
    public void Enable_sets_libtorchs_switch_unless_glibc_gives_huge_pages_or_the_environment_says_otherwise()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "the huge-page switches exist on Linux only");
        var (switchBefore, tunablesBefore) = (LibTorchHugePages.Current, Marshal.PtrToStringUTF8(getenv("GLIBC_TUNABLES")));
        try
        {
            unsetenv("GLIBC_TUNABLES");
            unsetenv(LibTorchHugePages.Variable);
            Assert.Equal("libtorch (THP_MEM_ALLOC_ENABLE=1)", LibTorchHugePages.Enable());
            Assert.Equal("1", LibTorchHugePages.Current);

            setenv(LibTorchHugePages.Variable, "0", 1);
            Assert.Equal("none", LibTorchHugePages.Enable());
            Assert.Equal("0", LibTorchHugePages.Current);

            // glibc's tunable (among others) already advises large blocks: libtorch's switch stays unset.
            unsetenv(LibTorchHugePages.Variable);
            setenv("GLIBC_TUNABLES", "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1", 1);
            Assert.True(LibTorchHugePages.GlibcHugePages);
            Assert.Equal("glibc (glibc.malloc.hugetlb=1)", LibTorchHugePages.Enable());
            Assert.Null(LibTorchHugePages.Current);

            setenv("GLIBC_TUNABLES", "glibc.malloc.hugetlb=0", 1);
            Assert.False(LibTorchHugePages.GlibcHugePages);
        }
        finally
        {
            Restore(LibTorchHugePages.Variable, switchBefore);
            Restore("GLIBC_TUNABLES", tunablesBefore);
        }
    }

    private static void Restore(string name, string? value)
    {
        if (value is null)
            unsetenv(name);
        else
            setenv(name, value, 1);
    }

    [DllImport("libc", CharSet = CharSet.Ansi)]
    private static extern nint getenv(string name);

    [DllImport("libc", CharSet = CharSet.Ansi)]
    private static extern int setenv(string name, string value, int overwrite);

    [DllImport("libc", CharSet = CharSet.Ansi)]
    private static extern int unsetenv(string name);
}
