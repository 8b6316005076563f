using System.CommandLine;
using System.Diagnostics;
using BrainTumor.Learning.Backbones;
using BrainTumor.Learning.Training;

namespace BrainTumor.Bench;

/// <summary>
/// Resident memory per epoch over a long stage (after a full .NET collection, so only what is
/// really held counts): flat if every tensor is disposed. Compares epoch 20 with epoch 2.
/// </summary>
internal static class MemoryBenchmark
{
    public static Command Create()
    {
        var backbone = new Option<string>("--backbone") { Description = "Backbone name.", DefaultValueFactory = _ => "vgg19" };
        var size = new Option<int>("--size") { Description = "Input size.", DefaultValueFactory = _ => 128 };
        var width = new Option<int>("--width-divisor") { Description = "Divide every width (1: the real network).", DefaultValueFactory = _ => 1 };
        var depth = new Option<int>("--depth") { Description = "Stage.", DefaultValueFactory = _ => 1 };
        var slices = new Option<int>("--slices") { Description = "Real slices.", DefaultValueFactory = _ => 100 };
        var epochs = new Option<int>("--epochs") { Description = "Epochs.", DefaultValueFactory = _ => 20 };
        var cache = new Option<bool>("--cache") { Description = "Use the activation cache.", DefaultValueFactory = _ => false };
        var checkpoint = new Option<bool>("--checkpoint") { Description = "Write a checkpoint every epoch too.", DefaultValueFactory = _ => true };
        var dataset = new Option<string>("--dataset") { Description = "Dataset folder.", DefaultValueFactory = _ => "data/sample" };
        var command = new Command("memory", "Resident memory after every epoch of a long stage (flat when every tensor is disposed).")
            { backbone, size, width, depth, slices, epochs, cache, checkpoint, dataset };
        command.SetAction(parse => Run(BackboneRegistry.Get(parse.GetValue(backbone)!), parse.GetValue(size), parse.GetValue(width), parse.GetValue(depth),
            parse.GetValue(slices), parse.GetValue(epochs), parse.GetValue(cache), parse.GetValue(checkpoint), parse.GetValue(dataset)!));
        return command;
    }

    private static int Run(BackboneDefinition backbone, int size, int widthDivisor, int depth, int slices, int epochs, bool cache, bool checkpoint, string dataset)
    {
        var data = BenchData.Load(dataset, slices, size, backbone);
        Console.WriteLine($"memory: {backbone.Name} (width / {widthDivisor}) at {size}x{size}, stage {depth}, {data.Train.Count}+{data.Validation.Count} slices, " +
                          $"{epochs} epochs, cache {(cache ? "on" : "off")}, checkpoint every epoch {(checkpoint ? "on" : "off")}");
        var rss = new List<long>();
        var folder = Path.Combine(Path.GetTempPath(), "braintumor-bench", Guid.NewGuid().ToString("N"));
        try
        {
            using var model = BenchData.Network(backbone, widthDivisor, seed: 1);
            var trainer = new StageTrainer(new TrainingRecipe
            {
                MaxEpochs = epochs, Patience = epochs, BatchSize = 16, Threads = Environment.ProcessorCount,
                Cache = new ActivationCacheOptions { Enabled = cache },
            })
            {
                EpochCompleted = e =>
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    GC.Collect();
                    using var process = Process.GetCurrentProcess();
                    rss.Add(process.WorkingSet64);
                    Console.WriteLine($"  epoch {e.Epoch,2}: {e.Seconds:F1} s, train loss {e.TrainLoss:F4}, RSS {process.WorkingSet64 / (1024.0 * 1024.0):F1} MiB");
                },
            };
            trainer.Train(model, data, depth, checkpoint ? Path.Combine(folder, $"stage-{depth}.ckpt") : null);
        }
        finally
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
        var growth = rss.Count >= 20 ? (double)rss[19] / rss[1] - 1 : double.NaN;
        Console.WriteLine($"  RSS after epoch 20 vs epoch 2: {growth:+0.0%;-0.0%}");
        var result = new
        {
            benchmark = "memory", backbone = backbone.Name, width_divisor = widthDivisor, size, depth, epochs, cache, checkpoint,
            rss_mib = rss.Select(r => Math.Round(r / (1024.0 * 1024.0), 1)).ToList(), growth_epoch20_vs_epoch2 = growth,
        };
        Console.WriteLine($"  written to {Measurement.Write($"memory-{backbone.Name}", result, null)}");
        return 0;
    }
}
