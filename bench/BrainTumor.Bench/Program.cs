using System.CommandLine;
using BrainTumor.Bench;
using BrainTumor.Learning.Runtime;

// Before any tensor exists: libtorch reads its huge-page switch once, at its first allocation.
LibTorchHugePages.Enable();

var root = new RootCommand("BrainTumorOrleans benchmarks: each prints medians and writes its JSON under artifacts/bench/.")
{
    DataPathBenchmark.Create(),
    ActivationCacheBenchmark.Create(),
    MemoryBenchmark.Create(),
    ProtocolRun.Create(),
    SaliencyBboxBenchmark.Create(),
    TrainingThroughputBenchmark.Create(),
    ProtocolCacheBenchmark.Create(),
    PredictionLatencyBenchmark.Create(),
    HotSpotsBenchmark.Create(),
    HugePagesBenchmark.Create(),
    PlatformOverheadBenchmark.Create(),
    GrainLatencyBenchmark.Create(),
    StartReplyBenchmark.Create(),
};
return await root.Parse(args).InvokeAsync();
