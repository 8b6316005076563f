using System.CommandLine;
using BrainTumor.Bench;

var root = new RootCommand("BrainTumorOrleans benchmarks: each prints medians and writes its JSON under artifacts/bench/.")
{
    DataPathBenchmark.Create(),
    ActivationCacheBenchmark.Create(),
    MemoryBenchmark.Create(),
    ProtocolRun.Create(),
    TrainingThroughputBenchmark.Create(),
    ProtocolCacheBenchmark.Create(),
    PredictionLatencyBenchmark.Create(),
    HotSpotsBenchmark.Create(),
};
return await root.Parse(args).InvokeAsync();
