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

    /// <summary>
    /// Whether <paramref name="device"/> computes bfloat16 natively, and if not why: a CUDA device
    /// does (libtorch runs bf16 kernels on it); the CPU when Linux lists one of its bf16 instruction
    /// sets (<c>avx512_bf16</c>, <c>amx_bf16</c>) in /proc/cpuinfo, which oneDNN's kernels use. Without
    /// them bfloat16 is emulated, slower than float32, so the trainer stays in float32.
    /// </summary>
    public static (bool Available, string Why) BFloat16Support(string device) =>
        device.StartsWith("cuda", StringComparison.Ordinal) ? (true, $"{device} runs bfloat16 kernels") : CpuBFloat16.Value;

    private static readonly string[] BFloat16Flags = ["avx512_bf16", "amx_bf16"];

    // The CPU's answer, read once per process: every stage job asks.
    private static readonly Lazy<(bool Available, string Why)> CpuBFloat16 = new(() =>
    {
        string flags;
        try
        {
            flags = File.Exists("/proc/cpuinfo") ? File.ReadAllText("/proc/cpuinfo") : "";
        }
        catch (IOException e)
        {
            return (false, $"/proc/cpuinfo could not be read ({e.Message})");
        }
        foreach (var flag in BFloat16Flags)
            if (flags.Contains(' ' + flag, StringComparison.Ordinal))
                return (true, $"the CPU has {flag}");
        return (false, $"the CPU lists none of {string.Join(", ", BFloat16Flags)} in /proc/cpuinfo");
    });

    /// <summary>Threads libtorch uses for intra-op parallelism on the CPU.</summary>
    public static int CpuThreads => torch.get_num_threads();
}
