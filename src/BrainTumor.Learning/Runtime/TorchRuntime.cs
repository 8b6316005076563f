using TorchSharp;

namespace BrainTumor.Learning.Runtime;

/// <summary>What the loaded libtorch offers: its version and the devices training can use.</summary>
public static class TorchRuntime
{
    /// <summary>libtorch's version as TorchSharp reports it (for example 2.10.0).</summary>
    public static string LibTorchVersion => torch.__version__;

    /// <summary>Every CUDA device, or the CPU when there is none: one trainer per entry.</summary>
    public static IReadOnlyList<string> TrainingDevices()
    {
        if (torch.cuda.is_available())
            return Enumerable.Range(0, torch.cuda.device_count()).Select(i => $"cuda:{i}").ToList();
        return ["cpu"];
    }

    /// <summary>Threads libtorch uses for intra-op parallelism on the CPU.</summary>
    public static int CpuThreads => torch.get_num_threads();
}
