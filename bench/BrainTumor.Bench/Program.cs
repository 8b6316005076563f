using System.CommandLine;
using BrainTumor.Bench;
using BrainTumor.Learning.Runtime;

// First of all: this may start the bench again with glibc's huge pages (ProcessHugePages), and
// libtorch reads its own switch once, at its first allocation.
var arguments = ProcessHugePages.Start(args);

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
return await root.Parse(arguments).InvokeAsync();
