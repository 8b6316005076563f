using System.CommandLine;
using System.Diagnostics;
using BrainTumor.Imaging.Storage;
using BrainTumor.Learning.Backbones;
using BrainTumor.Learning.Backbones.Onnx;
using BrainTumor.Learning.Backbones.ResNetOnnx;
using BrainTumor.Learning.Data;
using BrainTumor.Learning.Runtime;
using BrainTumor.Learning.Training;
using BrainTumor.Learning.Weights;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BrainTumor.Bench;

/// <summary>
/// The places a Stopwatch breakdown pointed at, each timed side by side (alternating, medians)
/// with the formulation it replaced or with the bare work it wraps:
/// CNTK's asymmetric pads (an explicit padded copy, as before, against the layer's own padding);
/// <see cref="SliceTensors.Batch"/> (four element-wise passes, as before, against one);
/// the stage trainer's per-batch overhead (its epoch against the same steps in a bare loop);
/// <see cref="Evaluation"/> (against a bare no_grad forward over the same slices).
/// </summary>
internal static class HotSpotsBenchmark
{
    public static Command Create()
    {
        var repeats = new Option<int>("--repeats") { Description = "Timed runs of each side (median reported).", DefaultValueFactory = _ => 7 };
        var batch = new Option<int>("--batch") { Description = "Batch size.", DefaultValueFactory = _ => 32 };
        var threads = new Option<int>("--threads") { Description = "libtorch CPU threads.", DefaultValueFactory = _ => 2 };
        var dataset = new Option<string>("--dataset") { Description = "Dataset folder.", DefaultValueFactory = _ => "data/sample" };
        var settle = new Option<double>("--settle-seconds") { Description = "Pause before each call of the job-setup pairs that time fresh memory (after a GC that returns free memory).", DefaultValueFactory = _ => 3 };
        var output = new Option<string?>("--out") { Description = "JSON result file (default artifacts/bench/hot-spots.json)." };
        var command = new Command("hot-spots", "Side-by-side timings of the hot spots found in our code (padding, batch building, trainer and evaluation overhead).")
            { repeats, batch, threads, dataset, settle, output };
        command.SetAction(parse => Run(parse.GetValue(repeats), parse.GetValue(batch), parse.GetValue(threads), parse.GetValue(dataset)!, parse.GetValue(settle), parse.GetValue(output)));
        return command;
    }

    /// <summary>Median seconds of the first and the second side; <see cref="Ratio"/> is first / second.</summary>
    private sealed record Pair(string Name, double First, double Second)
    {
        public double Ratio => First / Second;

        public override string ToString() => $"{Name}: {First * 1000:F1} ms vs {Second * 1000:F1} ms ({Ratio:F2}x)";
    }

    private static int Run(int repeats, int batch, int threads, string dataset, double settle, string? output)
    {
        torch.set_num_threads(threads);
        var loadAtStart = Measurement.LoadAverage();
        Console.WriteLine($"hot-spots: batch {batch}, {threads} threads, {repeats} alternating runs per side; load average {loadAtStart}");
        var resnet = BackboneRegistry.Get(ResNet18ImageNet.Name);
        var data = BenchData.Load(dataset, 2 * batch + 2, resnet.InputSize, resnet);
        var results = new List<Pair>();
        void Report(Pair pair)
        {
            results.Add(pair);
            Console.WriteLine($"  {pair}");
        }

        foreach (var pair in Padding(ResNet18ImageNet.Topology(), batch, repeats))
            Report(pair);
        foreach (var b in new[] { 1, batch })
            foreach (var backbone in new[] { resnet, BackboneRegistry.Get("vgg19") })
            {
                var positions = Enumerable.Range(0, b).ToArray();
                Report(Compare($"batch of {b} for {backbone.Name} (four passes vs SliceTensors.Batch)", repeats,
                    () => FourPassBatch(data, positions, backbone.Normalization), () => SliceTensors.Batch(data.Slices, positions, backbone.Normalization)));
            }
        Report(TrainerOverhead(resnet, data, batch, repeats));
        Report(EvaluationOverhead(resnet, data, batch, repeats));
        foreach (var pair in JobSetup(resnet, repeats, settle))
            Report(pair);

        var result = new
        {
            benchmark = "hot-spots",
            batch,
            threads,
            repeats,
            settle_seconds = settle,
            load_average_start = loadAtStart,
            load_average_end = Measurement.LoadAverage(),
            pairs = results.Select(p => new { name = p.Name, first_ms = p.First * 1000, second_ms = p.Second * 1000, ratio = p.Ratio }),
        };
        Console.WriteLine($"  written to {Measurement.Write("hot-spots", result, output)}");
        return 0;
    }

    /// <summary>Each asymmetrically padded layer of the network, on its real input: explicit pad then the unpadded op (the old path) vs our layer.</summary>
    private static IEnumerable<Pair> Padding(ResNetTopology topology, int batch, int repeats)
    {
        using var noGrad = no_grad();
        using var network = new OnnxResNet(topology, 3);
        network.eval();
        using var image = randn(batch, 3, topology.InputShape[2], topology.InputShape[3]);
        var convolutions = new List<(string Name, ConvSpec Spec, Tensor Input)> { ("stem", topology.Stem.Conv, image) };
        for (var s = 0; s < topology.Stages.Count; s++)
            if (!topology.Stages[s][0].Conv1.Pads.IsSymmetric)
                convolutions.Add(($"layer{s + 1}.0.conv1", topology.Stages[s][0].Conv1, network.ForwardBlocks(image, 0, s + 1)));
        foreach (var (name, spec, input) in convolutions)
        {
            using var layer = new PaddedConv2d(spec);
            using var weight = tensor(spec.Weight.Data, spec.Weight.Shape);
            using var bias = spec.Bias is null ? null : tensor(spec.Bias.Data, spec.Bias.Shape);
            yield return Compare($"{name} convolution, pads {spec.Pads}, {input.shape[2]}x{input.shape[3]} (padded copy vs own padding)", repeats,
                () => nn.functional.conv2d(nn.functional.pad(input, spec.Pads.ForTorchPad()), weight, bias, spec.Strides, [0, 0]),
                () => layer.call(input));
        }
        foreach (var (_, _, input) in convolutions.Skip(1))
            input.Dispose();
        var pool = topology.Stem.MaxPool;
        using var stem = new PaddedConv2d(topology.Stem.Conv);
        using var convolved = stem.call(image);
        yield return Compare($"stem max pool, pads {pool.Pads}, {convolved.shape[2]}x{convolved.shape[3]} (padded copy vs own padding)", repeats,
            () => nn.functional.max_pool2d(nn.functional.pad(convolved, pool.Pads.ForTorchPad(), PaddingModes.Constant, double.NegativeInfinity), pool.Kernel, pool.Strides, [0, 0]),
            () => PaddedPooling.MaxPool(convolved, pool));
    }

    /// <summary>How batches were built before: a copied grey tensor, then scale, mean, mean image and deviation as four passes, each into a new tensor.</summary>
    private static Tensor FourPassBatch(StageData data, int[] positions, InputNormalization normalization)
    {
        var size = data.Slices.Size;
        var pixels = new float[positions.Length * size * size];
        for (var i = 0; i < positions.Length; i++)
            data.Slices.Slice(positions[i]).CopyTo(pixels.AsSpan(i * size * size, size * size));
        using var scope = NewDisposeScope();
        var grey = tensor(pixels, [positions.Length, 1, size, size]);
        var shifted = grey.expand(positions.Length, 3, size, size) * normalization.Scale - tensor(normalization.Mean, [1, 3, 1, 1]);
        if (normalization.MeanImage is { } image)
            shifted -= tensor(image.Values, [1, 3, size, size]);
        return (shifted / tensor(normalization.Std, [1, 3, 1, 1])).MoveToOuterDisposeScope();
    }

    /// <summary>The stage trainer's training pass (no cache: images in, stage 1) against the same steps in a bare loop: what the trainer adds per batch.</summary>
    private static Pair TrainerOverhead(BackboneDefinition backbone, StageData data, int batch, int repeats)
    {
        using var model = BenchData.Network(backbone, 1, seed: 1);
        var train = data with { Train = [.. Enumerable.Range(0, 2 * batch)], Validation = [2 * batch, 2 * batch + 1] };
        var recipe = new TrainingRecipe { MaxEpochs = 1, Patience = 1, BatchSize = batch, Threads = torch.get_num_threads(), Cache = new ActivationCacheOptions { Enabled = false } };
        var trainerSeconds = 0.0;
        var pair = Compare($"training pass, {backbone.Name} stage 1, 2 batches of {batch} (stage trainer vs bare loop)", repeats,
            () =>
            {
                trainerSeconds = new StageTrainer(recipe).Train(model, train, depth: 1).Epochs[0].TrainSeconds;
                return zeros(1);
            },
            () =>
            {
                ((IBlockwiseNetwork)model).SetTrainableBlocks(1);
                model.train();
                using var optimizer = optim.SGD(model.parameters().Where(p => p.requires_grad), 1e-3, 0.9);
                foreach (var part in train.Train.Chunk(batch))
                {
                    using var scope = NewDisposeScope();
                    var loss = nn.functional.cross_entropy(model.call(SliceTensors.Batch(train.Slices, part, train.Normalization)), tensor(part.Select(p => (long)train.Labels[p]).ToArray()));
                    optimizer.zero_grad();
                    loss.backward();
                    optimizer.step();
                }
                return zeros(1);
            },
            _ => trainerSeconds);
        return pair;
    }

    /// <summary>Evaluation (loss, softmax scores, predictions) against a bare no_grad forward and argmax over the same slices.</summary>
    private static Pair EvaluationOverhead(BackboneDefinition backbone, StageData data, int batch, int repeats)
    {
        using var model = BenchData.Network(backbone, 1, seed: 1);
        var positions = Enumerable.Range(0, 2 * batch).ToArray();
        return Compare($"evaluation, {backbone.Name}, 2 batches of {batch} (Evaluation.Run vs bare forward)", repeats,
            () =>
            {
                Evaluation.Run(model, data, positions, batch);
                return zeros(1);
            },
            () =>
            {
                model.eval();
                using var noGrad = no_grad();
                foreach (var part in positions.Chunk(batch))
                {
                    using var scope = NewDisposeScope();
                    model.call(SliceTensors.Batch(data.Slices, part, data.Normalization)).argmax(1).data<long>().ToArray();
                }
                return zeros(1);
            });
    }

    /// <summary>
    /// Fixed costs of a platform job: a stage's epoch checkpoint (at stage 1 of ResNet18: layer4 and the head,
    /// current and best values and momentum) written and forced to the disk, as before, against written only,
    /// and replacing the previous one; a stage's weights file written and read by TorchSharp and by
    /// <see cref="TorchSharpFormat"/>; the network built with and without reading its ONNX graph; and a later
    /// stage's network built and loaded from the previous stage's file, as before, against the device's last
    /// network loaded from it; and stage 0's network built again against the last one restarted.
    /// </summary>
    private static IEnumerable<Pair> JobSetup(BackboneDefinition backbone, int repeats, double settle)
    {
        var folder = Directory.CreateTempSubdirectory("braintumor-hot-spots-");
        try
        {
            var model = backbone.Create(3);
            var blocks = ((IBlockwiseNetwork)model).Blocks;
            var stageOne = model.state_dict().Where(kv => blocks.Blocks.Skip(blocks.FirstTrainableBlock(1)).Any(b => b.Covers(kv.Key))).ToList();
            var checkpointBytes = 3 * stageOne.Sum(kv => kv.Value.NumberOfElements * kv.Value.ElementSize);
            var content = new byte[checkpointBytes];
            Random.Shared.NextBytes(content);
            var checkpoint = Path.Combine(folder.FullName, "stage-1.ckpt");
            void Fill(string partial, bool flush)
            {
                using var stream = new FileStream(partial, FileMode.CreateNew, FileAccess.Write);
                stream.Write(content);
                stream.Flush(flushToDisk: flush);
            }
            yield return Compare($"stage-1 epoch checkpoint of {backbone.Name}, {checkpointBytes / 1e6:F0} MB (written and fsynced vs written)", repeats,
                () => { AtomicFile.Write(checkpoint, p => Fill(p, flush: true)); return zeros(1); },
                () => { AtomicFile.Write(checkpoint, p => Fill(p, flush: false)); return zeros(1); });
            // Neither side forces the disk, so each replaces a file whose pages are still being written back, as the next epoch's checkpoint does.
            yield return Compare($"the same checkpoint replacing the one written just before (renamed over it vs AtomicFile.Rewrite)", repeats,
                () => { AtomicFile.Write(checkpoint, p => Fill(p, flush: false)); return zeros(1); },
                () => { AtomicFile.Rewrite(checkpoint, p => Fill(p, flush: false)); return zeros(1); });

            // A stage's weights file (the whole network) written and read by TorchSharp (each tensor through a new managed
            // array) and by TorchSharpFormat (straight between the file and the tensor's memory). Each call comes after a
            // GC that gives free memory back to the system and a pause, as between two stages of a run: memory the process
            // asks for again is then fresh memory, as it is there.
            var weights = Path.Combine(folder.FullName, "stage-0.pt");
            var weightsBytes = model.state_dict().Values.Sum(t => t.NumberOfElements * t.ElementSize);
            yield return Compare($"a stage's {backbone.Name} weights file, {weightsBytes / 1e6:F0} MB, written after a pause (Module.save vs TorchSharpFormat.SaveModule)", repeats,
                () => { AtomicFile.Write(weights, p => model.save(p)); return zeros(1); },
                () => { AtomicFile.Write(weights, p => TorchSharpFormat.SaveModule(model, p)); return zeros(1); }, before: () => Settle(settle));
            yield return Compare($"the same file read into the network after a pause (Module.load vs TorchSharpFormat.LoadModule)", repeats,
                () => { model.load(weights); return zeros(1); },
                () => { TorchSharpFormat.LoadModule(model, weights); return zeros(1); }, before: () => Settle(settle));
            if (backbone.Name == ResNet18ImageNet.Name)
                yield return Compare($"a {backbone.Name} network built after a pause (its ONNX graph read and analysed first vs read before: preloaded)", repeats,
                    () => { using var built = new OnnxResNet(ResNetGraphAnalysis.Analyse(OnnxGraphReader.Read(ResNet18ImageNet.NetworkPath())), 3); return zeros(1); },
                    () => { using var built = new OnnxResNet(ResNet18ImageNet.Topology(), 3); return zeros(1); }, before: () => Settle(settle));

            yield return Compare($"a later stage's {backbone.Name} network from the previous stage's file (built and loaded vs the device's last one loaded)", repeats,
                () => { using var built = backbone.Create(3); built.load(weights); return zeros(1); },
                () => { model.load(weights); return zeros(1); });
            if (backbone.Name == ResNet18ImageNet.Name)
                yield return Compare($"stage 0's {backbone.Name} network for the next fold after a pause (built again vs the device's last one restarted: BackboneDefinition.Restart)", repeats,
                    () => { model.Dispose(); model = backbone.Create(3); return zeros(1); },
                    () => { backbone.Restart(model, 3); return zeros(1); }, before: () => Settle(settle));
            model.Dispose();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>A full, compacting GC that returns the heap's free memory to the system, then a pause of <paramref name="seconds"/>.</summary>
    private static void Settle(double seconds)
    {
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        NativeHeap.Trim();
        Thread.Sleep(TimeSpan.FromSeconds(seconds));
    }

    /// <summary>One untimed call of each side, then <paramref name="repeats"/> alternating timed calls; medians.
    /// <paramref name="firstSeconds"/>, when given, replaces the wall time of the first side by what it reports of itself;
    /// <paramref name="before"/>, when given, runs (untimed) before every call.</summary>
    private static Pair Compare(string name, int repeats, Func<Tensor> first, Func<Tensor> second, Func<double, double>? firstSeconds = null, Action? before = null)
    {
        first().Dispose();
        second().Dispose();
        var (a, b) = (new List<double>(), new List<double>());
        for (var r = 0; r < repeats; r++)
        {
            before?.Invoke();
            var watch = Stopwatch.StartNew();
            first().Dispose();
            a.Add(firstSeconds?.Invoke(watch.Elapsed.TotalSeconds) ?? watch.Elapsed.TotalSeconds);
            before?.Invoke();
            watch.Restart();
            second().Dispose();
            b.Add(watch.Elapsed.TotalSeconds);
        }
        return new Pair(name, Measurement.Median(a), Measurement.Median(b));
    }
}
