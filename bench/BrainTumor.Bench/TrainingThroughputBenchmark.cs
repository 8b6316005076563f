using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text.Json;
using BrainTumor.Learning.Backbones;
using BrainTumor.Learning.Backbones.ResNetOnnx;
using BrainTumor.Learning.Data;
using BrainTumor.Learning.Runtime;
using BrainTumor.Learning.Training;
using BrainTumor.Learning.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace BrainTumor.Bench;

/// <summary>
/// Training throughput (images per second) of our stage trainer against a plain PyTorch loop, side
/// by side in one run: the same network (PyTorch loads our weights; logits compared), the same
/// input tensors, batch, optimizer (SGD with momentum) and thread count; runs interleaved (ours,
/// theirs, ours, theirs ...) so machine noise hits both; medians over the repeats.
/// A repeat is one stage: a fresh optimizer and <c>--epochs</c> epochs of <c>--steps</c> batches.
/// With frozen blocks our trainer fills its activation cache once per stage (counted in the stage
/// figure) and trains on it; the PyTorch loop runs the frozen part on every batch, as people write it.
/// </summary>
internal static class TrainingThroughputBenchmark
{
    private const int ValidationSlices = 2; // our trainer needs a validation part; its pass is not timed
    private const int CheckedLogits = 4;

    private sealed record Row(string Backbone, int Size, int Batch, bool Frozen)
    {
        public string Id => $"{Backbone}-{Size}-b{Batch}-{(Frozen ? "frozen" : "all")}";
    }

    /// <summary>glibc (2.35 and later) backs malloc's large blocks with transparent huge pages: PyTorch 1.13 has no switch of its own for that.</summary>
    private const string HugePagesTunable = "glibc.malloc.hugetlb=1";

    /// <summary>One PyTorch process per row and peer: a name and what its environment adds.</summary>
    private sealed record Peer(string Name, Dictionary<string, string> Environment);

    private static readonly Peer Plain = new("PyTorch", []);

    private static readonly Row[] Rows =
    [
        new("vgg19", 224, 8, false), new("vgg19", 224, 8, true),
        new("vgg19", 128, 16, false), new("vgg19", 128, 16, true),
        new("resnet18-imagenet", 224, 32, false), new("resnet18-imagenet", 224, 32, true),
    ];

    public static Command Create()
    {
        var rows = new Option<string?>("--rows") { Description = $"Only rows whose id contains this text (ids: {string.Join(", ", Rows.Select(r => r.Id))})." };
        var repeats = new Option<int>("--repeats") { Description = "Stages per side and row (median reported).", DefaultValueFactory = _ => 3 };
        var steps = new Option<int>("--steps") { Description = "Batches per epoch.", DefaultValueFactory = _ => 2 };
        var epochs = new Option<int>("--epochs") { Description = "Epochs per stage.", DefaultValueFactory = _ => 3 };
        var threads = new Option<int>("--threads") { Description = "CPU threads of both sides.", DefaultValueFactory = _ => 2 };
        var python = new Option<string>("--python") { Description = "Python interpreter with Debian's torch.", DefaultValueFactory = _ => "/usr/bin/python3" };
        var dataset = new Option<string>("--dataset") { Description = "Dataset folder.", DefaultValueFactory = _ => "data/sample" };
        var peerHugePages = new Option<bool>("--peer-huge-pages") { Description = $"Also run a second PyTorch peer with glibc's huge pages ({HugePagesTunable})." };
        var bf16 = new Option<bool>("--bf16") { Description = "Also time our trainer with bfloat16 compute (precision bf16: float32 weights, Autocast), interleaved with the others." };
        var output = new Option<string?>("--out") { Description = "JSON result file (default artifacts/bench/training-throughput.json)." };
        var command = new Command("training-throughput", "Training images/s of the stage trainer vs a plain PyTorch loop, interleaved, VGG19 and resnet18-imagenet.")
            { rows, repeats, steps, epochs, threads, python, dataset, peerHugePages, bf16, output };
        command.SetAction(parse =>
        {
            Peer[] peers = parse.GetValue(peerHugePages) ? [Plain, new("PyTorch + huge pages", new() { ["GLIBC_TUNABLES"] = HugePagesTunable })] : [Plain];
            return Run(parse.GetValue(rows), parse.GetValue(repeats), parse.GetValue(steps), parse.GetValue(epochs), parse.GetValue(threads),
                parse.GetValue(python)!, parse.GetValue(dataset)!, peers, parse.GetValue(bf16), parse.GetValue(output));
        });
        return command;
    }

    private static int Run(string? only, int repeats, int steps, int epochs, int threads, string python, string dataset, Peer[] peers, bool bf16, string? output)
    {
        if (bf16 && TorchRuntime.BFloat16Support("cpu") is { Available: false } support)
            throw new ArgumentException($"--bf16: {support.Why}; bfloat16 would be emulated, slower than float32");
        var selected = Rows.Where(r => only is null || r.Id.Contains(only, StringComparison.Ordinal)).ToList();
        if (selected.Count == 0)
            throw new ArgumentException($"--rows {only}: matches none of {string.Join(", ", Rows.Select(r => r.Id))}");
        if (repeats < 1 || steps < 1 || epochs < 1 || threads < 1)
            throw new ArgumentException("--repeats, --steps, --epochs and --threads must be at least 1");
        var loadAtStart = Measurement.LoadAverage();
        var torchVersion = PyTorchPeer.EnsureInstalled(python);
        Console.WriteLine($"training-throughput: TorchSharp {typeof(torch).Assembly.GetName().Version} (libtorch {torch.__version__}, huge pages {LibTorchHugePages.Current ?? "off"}) " +
                          $"vs {string.Join(" and ", peers.Select(p => p.Name))} {torchVersion} ({python}), {threads} threads each, {repeats} interleaved stages per side, " +
                          $"{epochs} epochs of {steps} batches; load average {loadAtStart}");
        var results = selected.Select(row => RunRow(row, repeats, steps, epochs, threads, python, dataset, peers, bf16)).ToList();

        Console.WriteLine($"| row | trained | TorchSharp epoch img/s | TorchSharp stage img/s (with cache fill) | {string.Join(" | ", peers.Select(p => $"{p.Name} img/s | ratio epoch | ratio stage"))} |" +
                          (bf16 ? $" TorchSharp bf16 epoch img/s | {string.Join(" | ", peers.Select(p => $"bf16 ratio epoch vs {p.Name} | bf16 ratio stage vs {p.Name}"))} |" : ""));
        foreach (var r in results)
            Console.WriteLine($"| {r.Row} | {r.Trained} | {r.OursEpochImagesPerSecond:F2} | {r.OursStageImagesPerSecond:F2} | " +
                              $"{string.Join(" | ", r.Peers.Select(p => $"{p.EpochImagesPerSecond:F2} | {r.OursEpochImagesPerSecond / p.EpochImagesPerSecond:F2} | {r.OursStageImagesPerSecond / p.StageImagesPerSecond:F2}"))} |" +
                              (r.OursBf16 is { } b ? $" {b.EpochImagesPerSecond:F2} | {string.Join(" | ", r.Peers.Select(p => $"{b.EpochImagesPerSecond / p.EpochImagesPerSecond:F2} | {b.StageImagesPerSecond / p.StageImagesPerSecond:F2}"))} |" : ""));
        var result = new
        {
            benchmark = "training-throughput",
            torchsharp = typeof(torch).Assembly.GetName().Version?.ToString(),
            libtorch = torch.__version__,
            pytorch = torchVersion,
            huge_pages = LibTorchHugePages.Current,
            peers,
            threads,
            repeats,
            steps,
            epochs,
            load_average_start = loadAtStart,
            load_average_end = Measurement.LoadAverage(),
            rows = results,
        };
        Console.WriteLine($"  written to {Measurement.Write("training-throughput", result, output)}");
        return 0;
    }

    private static RowResult RunRow(Row row, int repeats, int steps, int epochs, int threads, string python, string dataset, Peer[] peers, bool bf16)
    {
        var backbone = BackboneRegistry.Get(row.Backbone);
        var depth = row.Frozen ? 1 : backbone.Blocks.BodyBlockCount;
        var frozenBlocks = backbone.Blocks.Blocks.Take(backbone.Blocks.FirstTrainableBlock(depth)).Select(b => b.Name).ToList();
        var trained = frozenBlocks.Count == 0 ? "all" : $"{string.Join(", ", backbone.Blocks.TrainedAt(depth).Select(b => b.Name))} ({string.Join(", ", frozenBlocks)} frozen)";
        var count = steps * row.Batch;
        var loaded = BenchData.Load(dataset, count + ValidationSlices, row.Size, backbone);
        var data = loaded with { Train = [.. Enumerable.Range(0, count)], Validation = [.. Enumerable.Range(count, ValidationSlices)], Test = [] };
        if (data.Slices.Count < count + ValidationSlices)
            throw new ArgumentException($"{dataset}: {data.Slices.Count} slices loaded, the row {row.Id} needs {count + ValidationSlices}");
        Console.WriteLine($"{row.Id}: {backbone.Name} at {row.Size}x{row.Size}, batch {row.Batch}, trains {trained}; {count} images per epoch; load average {Measurement.LoadAverage()}");

        using var model = BenchData.Network(backbone, 1, seed: 1);
        ((IBlockwiseNetwork)model).SetTrainableBlocks(depth);
        var frozen = model.named_parameters().Where(p => !p.parameter.requires_grad).Select(p => p.name).ToList();
        var parameters = model.parameters().Sum(p => p.numel());
        var trainable = model.parameters().Where(p => p.requires_grad).Sum(p => p.numel());

        var folder = Directory.CreateTempSubdirectory("braintumor-throughput-");
        try
        {
            var job = WriteJob(folder.FullName, row, backbone, model, data, frozen, steps, epochs, threads, out var ourLogits);
            var processes = new List<PyTorchPeer>();
            try
            {
                foreach (var peer in peers)
                {
                    var (process, ready) = PyTorchPeer.Start(python, job, threads, peer.Environment);
                    processes.Add(process);
                    CheckSameNetwork(row, ready, ourLogits, parameters, trainable);
                }
                var recipe = new TrainingRecipe { MaxEpochs = epochs, Patience = epochs, BatchSize = row.Batch, Threads = threads, LearningRate = 1e-3 };
                new StageTrainer(recipe with { MaxEpochs = 1, Patience = 1 }).Train(model, data, depth); // warm-up, as the peers did before replying
                var trainer = new StageTrainer(recipe);
                var trainerBf16 = bf16 ? new StageTrainer(recipe with { Precision = ComputePrecision.BFloat16 }) : null;
                if (bf16) // the bfloat16 kernels' first use, warmed up as the float32 side was
                    new StageTrainer(recipe with { MaxEpochs = 1, Patience = 1, Precision = ComputePrecision.BFloat16 }).Train(model, data, depth);
                var ours = new List<StageTiming>();
                var oursBf16 = new List<StageTiming>();
                var theirs = peers.Select(_ => new List<StageTiming>()).ToArray();
                for (var r = 0; r < repeats; r++)
                {
                    var outcome = trainer.Train(model, data, depth);
                    ours.Add(new StageTiming(outcome.Cache.BuildSeconds, [.. outcome.Epochs.Select(e => e.TrainSeconds)], count));
                    if (trainerBf16?.Train(model, data, depth) is { } low)
                        oursBf16.Add(new StageTiming(low.Cache.BuildSeconds, [.. low.Epochs.Select(e => e.TrainSeconds)], count));
                    for (var p = 0; p < peers.Length; p++)
                    {
                        var reply = processes[p].Stage();
                        theirs[p].Add(new StageTiming(0, [.. reply.GetProperty("epoch_seconds").EnumerateArray().Select(e => e.GetDouble())], count));
                    }
                    Console.WriteLine($"  repeat {r + 1}: TorchSharp {ours[^1]}; {(bf16 ? $"TorchSharp bf16 {oursBf16[^1]}; " : "")}{string.Join("; ", peers.Select((peer, p) => $"{peer.Name} {theirs[p][^1]}"))}");
                }
                var result = new RowResult(row.Id, backbone.Name, row.Size, row.Batch, trained, parameters, trainable, count,
                    Measurement.Median([.. ours.Select(t => t.EpochRate)]), Measurement.Median([.. ours.Select(t => t.StageRate)]),
                    Measurement.Median([.. ours.Select(t => t.FillSeconds)]), ours,
                    [.. peers.Select((peer, p) => new PeerResult(peer.Name, Measurement.Median([.. theirs[p].Select(t => t.EpochRate)]),
                        Measurement.Median([.. theirs[p].Select(t => t.StageRate)]), theirs[p]))],
                    bf16 ? new PeerResult("TorchSharp bf16", Measurement.Median([.. oursBf16.Select(t => t.EpochRate)]), Measurement.Median([.. oursBf16.Select(t => t.StageRate)]), oursBf16) : null,
                    Measurement.LoadAverage());
                Console.WriteLine($"  median images/s: TorchSharp epoch {result.OursEpochImagesPerSecond:F2}, stage {result.OursStageImagesPerSecond:F2}; " +
                                  string.Join("; ", result.Peers.Select(p => $"{p.Name} {p.EpochImagesPerSecond:F2}: ratio {result.OursEpochImagesPerSecond / p.EpochImagesPerSecond:F2} (epoch), " +
                                                                              $"{result.OursStageImagesPerSecond / p.StageImagesPerSecond:F2} (stage)")));
                return result;
            }
            finally
            {
                processes.ForEach(p => p.Dispose());
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Writes what the peer needs (our weights, the input tensors, labels, the frozen names) and the job file; returns its path and our logits on the first images.</summary>
    private static string WriteJob(string folder, Row row, BackboneDefinition backbone, nn.Module<Tensor, Tensor> model, StageData data, List<string> frozen,
        int steps, int epochs, int threads, out float[] logits)
    {
        var weights = Path.Combine(folder, "weights.pth");
        WeightsExport.Save(model, weights);
        var inputs = Path.Combine(folder, "inputs.f32");
        var labels = Path.Combine(folder, "labels.i64");
        using (var batch = SliceTensors.Batch(data.Slices, data.Train, data.Normalization))
        {
            File.WriteAllBytes(inputs, MemoryMarshal.AsBytes(batch.data<float>().ToArray().AsSpan()).ToArray());
            model.eval();
            using var noGrad = no_grad();
            using var output = model.call(batch.narrow(0, 0, CheckedLogits));
            logits = output.data<float>().ToArray();
        }
        File.WriteAllBytes(labels, MemoryMarshal.AsBytes(data.Train.Select(p => (long)data.Labels[p]).ToArray().AsSpan()).ToArray());
        var job = new Dictionary<string, object?>
        {
            ["model"] = backbone.Name,
            ["classes"] = 3,
            ["size"] = row.Size,
            ["batch"] = row.Batch,
            ["count"] = steps * row.Batch,
            ["epochs"] = epochs,
            ["threads"] = threads,
            ["seed"] = 1,
            ["lr"] = 1e-3,
            ["momentum"] = 0.9,
            ["weights"] = weights,
            ["inputs"] = inputs,
            ["labels"] = labels,
            ["check"] = CheckedLogits,
            ["frozen"] = frozen,
            ["resnet"] = backbone is ResNet18ImageNetBackbone ? ResNetPeerSpec.Of(ResNet18ImageNet.Topology()) : null,
        };
        var path = Path.Combine(folder, "job.json");
        File.WriteAllText(path, JsonSerializer.Serialize(job));
        return path;
    }

    /// <summary>Refuses a comparison of different networks: the peer must hold as many parameters, train as many, and compute our logits.</summary>
    private static void CheckSameNetwork(Row row, JsonElement ready, float[] ours, long parameters, long trainable)
    {
        var theirs = ready.GetProperty("logits").EnumerateArray().SelectMany(r => r.EnumerateArray()).Select(v => v.GetSingle()).ToArray();
        var range = Math.Max(1.0, ours.Max(Math.Abs));
        var difference = ours.Length == theirs.Length ? ours.Zip(theirs).Max(p => Math.Abs(p.First - p.Second)) : double.PositiveInfinity;
        var (peerParameters, peerTrainable) = (ready.GetProperty("parameters").GetInt64(), ready.GetProperty("trainable").GetInt64());
        Console.WriteLine($"  same network: {peerParameters:N0} parameters ({peerTrainable:N0} trained) vs ours {parameters:N0} ({trainable:N0}); " +
                          $"max |logit difference| {difference:G3} (largest logit {range:G3})");
        if (peerParameters != parameters || peerTrainable != trainable || difference > 1e-3 * range)
            throw new InvalidOperationException($"{row.Id}: the PyTorch network is not ours (parameters {peerParameters} vs {parameters}, trained {peerTrainable} vs {trainable}, logits differ by {difference:G3})");
    }

    /// <summary>One stage of one side: the cache fill (0 without one) and each epoch's training pass.</summary>
    private sealed record StageTiming(double FillSeconds, double[] EpochSeconds, int ImagesPerEpoch)
    {
        public double EpochRate => ImagesPerEpoch / Measurement.Median(EpochSeconds);

        public double StageRate => ImagesPerEpoch * EpochSeconds.Length / (FillSeconds + EpochSeconds.Sum());

        public override string ToString() =>
            $"epochs {string.Join(", ", EpochSeconds.Select(s => s.ToString("F2")))} s{(FillSeconds > 0 ? $" + cache fill {FillSeconds:F2} s" : "")} " +
            $"({EpochRate:F2} img/s per epoch, {StageRate:F2} per stage)";
    }

    private sealed record PeerResult(string Name, double EpochImagesPerSecond, double StageImagesPerSecond, List<StageTiming> Stages);

    private sealed record RowResult(string Row, string Backbone, int Size, int Batch, string Trained, long Parameters, long TrainableParameters, int ImagesPerEpoch,
        double OursEpochImagesPerSecond, double OursStageImagesPerSecond, double OursCacheFillSeconds, List<StageTiming> OursStages,
        List<PeerResult> Peers, PeerResult? OursBf16, string LoadAverageEnd);
}
