using System.CommandLine;
using System.Diagnostics;
using BrainTumor.Imaging.Preprocessing;
using BrainTumor.Imaging.Reading;
using BrainTumor.Learning.Backbones;
using BrainTumor.Learning.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace BrainTumor.Bench;

/// <summary>
/// Prediction on the CPU, eval mode under no_grad: the latency of one slice from its preprocessed
/// tensor to its class (p50, p99), the throughput of batches, and the latency of the whole path
/// from a JPEG file to its class (read and decode, preprocess, normalise, forward) with its parts.
/// </summary>
internal static class PredictionLatencyBenchmark
{
    public static Command Create()
    {
        var backbones = new Option<string>("--backbones") { Description = "Comma-separated backbone names.", DefaultValueFactory = _ => "resnet18-imagenet,vgg19" };
        var size = new Option<int>("--size") { Description = "Input size.", DefaultValueFactory = _ => 224 };
        var iterations = new Option<int>("--iterations") { Description = "Timed single-slice predictions per path (p50 and p99 over them).", DefaultValueFactory = _ => 100 };
        var batches = new Option<string>("--batches") { Description = "Comma-separated batch sizes for throughput.", DefaultValueFactory = _ => "1,8,32" };
        var repeats = new Option<int>("--repeats") { Description = "Timed passes per batch size (median reported).", DefaultValueFactory = _ => 5 };
        var threads = new Option<int>("--threads") { Description = "libtorch CPU threads.", DefaultValueFactory = _ => 2 };
        var dataset = new Option<string>("--dataset") { Description = "Dataset folder (JPEG or PNG slices).", DefaultValueFactory = _ => "data/sample" };
        var output = new Option<string?>("--out") { Description = "JSON result file (default artifacts/bench/predict-latency.json)." };
        var command = new Command("predict-latency", "Prediction latency (p50, p99) and batch throughput on the CPU, from a tensor and from a JPEG file.")
            { backbones, size, iterations, batches, repeats, threads, dataset, output };
        command.SetAction(parse => Run([.. parse.GetValue(backbones)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(BackboneRegistry.Get)],
            parse.GetValue(size), parse.GetValue(iterations), Sizes(parse.GetValue(batches)!), parse.GetValue(repeats), parse.GetValue(threads), parse.GetValue(dataset)!, parse.GetValue(output)));
        return command;
    }

    private static int[] Sizes(string text) =>
        [.. text.Split(',', StringSplitOptions.TrimEntries).Select(s => int.TryParse(s, out var n) && n >= 1 ? n : throw new ArgumentException($"--batches {text}: expected positive integers, got '{s}'"))];

    private static int Run(BackboneDefinition[] backbones, int size, int iterations, int[] batches, int repeats, int threads, string dataset, string? output)
    {
        if (iterations < 1 || repeats < 1)
            throw new ArgumentException("--iterations and --repeats must be at least 1");
        torch.set_num_threads(threads);
        var loadAtStart = Measurement.LoadAverage();
        var reader = DatasetReaders.ForFolder(dataset);
        var items = reader.Index(dataset).Items;
        Console.WriteLine($"predict-latency: {items.Count} slices in {dataset}, {size}x{size}, {threads} threads, {iterations} predictions per path; load average {loadAtStart}");
        var results = backbones.Select(b => Measure(b, reader, items, size, iterations, batches, repeats)).ToList();
        var result = new { benchmark = "predict-latency", threads, size, iterations, repeats, load_average_start = loadAtStart, load_average_end = Measurement.LoadAverage(), backbones = results };
        Console.WriteLine($"  written to {Measurement.Write("predict-latency", result, output)}");
        return 0;
    }

    private static object Measure(BackboneDefinition backbone, IDatasetReader reader, IReadOnlyList<DatasetItem> items, int size, int iterations, int[] batches, int repeats)
    {
        using var model = BenchData.Network(backbone, 1, seed: 1);
        model.eval();
        using var noGrad = no_grad();
        var slices = PreprocessedLoader.Load(reader, [.. items.Take(Math.Max(batches.Max(), 8))], size, cache: null);
        var weights = backbone is ResNet18ImageNetBackbone ? "ImageNet (packaged)" : "random (timing only)";
        Console.WriteLine($"{backbone.Name} ({weights}):");

        long Predict(Tensor input)
        {
            using var scope = NewDisposeScope();
            return model.call(input).argmax(1)[0].item<long>();
        }

        // One slice, from its preprocessed tensor: what a service holding the tensor pays.
        var tensors = Enumerable.Range(0, slices.Count).Select(i => SliceTensors.Batch(slices, [i], backbone.Normalization)).ToList();
        var fromTensor = Timed(iterations, i => Predict(tensors[i % tensors.Count]));
        tensors.ForEach(t => t.Dispose());
        Console.WriteLine($"  tensor -> class, batch 1: p50 {fromTensor.P50 * 1000:F1} ms, p99 {fromTensor.P99 * 1000:F1} ms (mean {fromTensor.Mean * 1000:F1} ms)");

        // Batches: images per second of the forward pass.
        var throughput = batches.Select(b =>
        {
            using var input = SliceTensors.Batch(slices, [.. Enumerable.Range(0, b).Select(i => i % slices.Count)], backbone.Normalization);
            var timing = Timed(repeats, _ => Predict(input));
            Console.WriteLine($"  batch {b,3}: {b / timing.P50:F1} images/s ({timing.P50 * 1000:F0} ms per batch, median of {repeats})");
            return new { batch = b, images_per_second = b / timing.P50, seconds_per_batch_median = timing.P50 };
        }).ToList();

        // One JPEG file to its class, by parts: read and decode, preprocess, normalise, forward.
        var parts = new double[4][];
        for (var p = 0; p < parts.Length; p++)
            parts[p] = new double[iterations];
        var fromFile = Timed(iterations, i =>
        {
            var item = items[i % items.Count];
            var watch = Stopwatch.StartNew();
            var image = reader.ReadPixels(item);
            parts[0][i] = watch.Elapsed.TotalSeconds;
            var pixels = SlicePreprocessor.Process(image, size);
            parts[1][i] = watch.Elapsed.TotalSeconds - parts[0][i];
            using var input = SliceTensors.Batch(new PreprocessedSlices(size, [item], pixels, 0, 1, []), [0], backbone.Normalization);
            parts[2][i] = watch.Elapsed.TotalSeconds - parts[0][i] - parts[1][i];
            var label = Predict(input);
            parts[3][i] = watch.Elapsed.TotalSeconds - parts[0][i] - parts[1][i] - parts[2][i];
            return label;
        });
        var partMedians = parts.Select(p => Measurement.Median(p) * 1000).ToArray();
        Console.WriteLine($"  file -> class: p50 {fromFile.P50 * 1000:F1} ms, p99 {fromFile.P99 * 1000:F1} ms; medians: read {partMedians[0]:F1} ms, " +
                          $"preprocess {partMedians[1]:F1} ms, normalise {partMedians[2]:F2} ms, forward {partMedians[3]:F1} ms");
        return new
        {
            backbone = backbone.Name,
            weights,
            tensor_to_class_ms = new { p50 = fromTensor.P50 * 1000, p99 = fromTensor.P99 * 1000, mean = fromTensor.Mean * 1000 },
            file_to_class_ms = new
            {
                p50 = fromFile.P50 * 1000,
                p99 = fromFile.P99 * 1000,
                mean = fromFile.Mean * 1000,
                read_median = partMedians[0],
                preprocess_median = partMedians[1],
                normalise_median = partMedians[2],
                forward_median = partMedians[3],
            },
            throughput,
        };
    }

    private sealed record Timing(double P50, double P99, double Mean);

    /// <summary>Times <paramref name="count"/> calls after three untimed ones (JIT, allocator, libtorch's kernels chosen): median, nearest-rank p99, mean.</summary>
    private static Timing Timed(int count, Func<int, long> work)
    {
        for (var i = 0; i < 3; i++)
            work(i);
        var seconds = new double[count];
        for (var i = 0; i < count; i++)
        {
            var watch = Stopwatch.StartNew();
            work(i);
            seconds[i] = watch.Elapsed.TotalSeconds;
        }
        return new Timing(Measurement.Median(seconds), Measurement.Percentile(seconds, 99), seconds.Average());
    }
}
