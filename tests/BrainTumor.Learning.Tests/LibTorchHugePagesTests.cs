using System.Runtime.InteropServices;
using BrainTumor.Learning.Runtime;

namespace BrainTumor.Learning.Tests;

public class LibTorchHugePagesTests
{
    [SkippableFact]
    public void Enable_sets_the_native_switch_and_keeps_a_value_already_set()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "libtorch's huge-page switch exists on Linux only");
        var before = LibTorchHugePages.Current;
        try
        {
            unsetenv(LibTorchHugePages.Variable);
            Assert.True(LibTorchHugePages.Enable());
            Assert.Equal("1", LibTorchHugePages.Current);

            setenv(LibTorchHugePages.Variable, "0", 1);
            Assert.False(LibTorchHugePages.Enable());
            Assert.Equal("0", LibTorchHugePages.Current);
        }
        finally
        {
            if (before is null)
                unsetenv(LibTorchHugePages.Variable);
            else
                setenv(LibTorchHugePages.Variable, before, 1);
        }
    }

    [DllImport("libc", CharSet = CharSet.Ansi)]
    private static extern int setenv(string name, string value, int overwrite);

    [DllImport("libc", CharSet = CharSet.Ansi)]
    private static extern int unsetenv(string name);
}
