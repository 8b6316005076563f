using BrainTumor.Learning.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Tests;

public class TorchRuntimeTests
{
    [Fact]
    public void Libtorch_loads_and_computes()
    {
        Assert.StartsWith("2.10.0", TorchRuntime.LibTorchVersion);
        using var a = tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);
        using var b = tensor(new float[] { 5, 6, 7, 8 }, [2, 2]);
        using var product = a.matmul(b);
        Assert.Equal(new float[] { 19, 22, 43, 50 }, product.data<float>().ToArray());
        using var conv = nn.functional.conv2d(ones(1, 1, 4, 4), ones(1, 1, 3, 3));
        Assert.Equal(new long[] { 1, 1, 2, 2 }, conv.shape);
        Assert.All(conv.data<float>().ToArray(), v => Assert.Equal(9f, v));
    }

    [Fact]
    public void Training_devices_are_the_cuda_devices_or_the_cpu()
    {
        var devices = TorchRuntime.TrainingDevices();
        if (cuda.is_available())
            Assert.Equal(cuda.device_count(), devices.Count);
        else
            Assert.Equal(["cpu"], devices);
        Assert.True(TorchRuntime.CpuThreads >= 1);
    }
}
