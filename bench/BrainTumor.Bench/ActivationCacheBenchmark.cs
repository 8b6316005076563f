using System.CommandLine;
using BrainTumor.Learning.Backbones;
using BrainTumor.Learning.Training;
using BrainTumor.Protocol.Runs;

namespace BrainTumor.Bench;

/// <summary>
/// Epoch time of one fine-tuning stage with the frozen-prefix activation cache against full
/// recomputation of the frozen blocks, side by side: the same network, slices, seed and epochs;
/// medians over the epochs of each run. The cache's one-off fill is reported apart.
/// </summary>
internal static class ActivationCacheBenchmark
{
    public static Command Create()
    {
        var backbone = new Option<string>("--backbone") { Description = "Backbone name.", DefaultValueFactory = _ => "vgg19" };
        var size = new Option<int?>("--size") { Description = "Input size (default: the backbone's)." };
        var depth = new Option<int>("--depth") { Description = "Stage: trainable blocks below the head.", DefaultValueFactory = _ => 1 };
        var slices = new Option<int>("--slices") { Description = "Real slices (80% train, 20% validation).", DefaultValueFactory = _ => 300 };
        var batch = new Option<int>("--batch") { Description = "Batch size.", DefaultValueFactory = _ => 16 };
        var epochs = new Option<int>("--epochs") { Description = "Epochs per run (median reported).", DefaultValueFactory = _ => 3 };
        var dataset = new Option<string>("--dataset") { Description = "Dataset folder.", DefaultValueFactory = _ => "data/sample" };
        var output = new Option<string?>("--out") { Description = "JSON result file (default artifacts/bench/activation-cache-<backbone>.json)." };
        var command = new Command("activation-cache", "Epoch time of a stage with the frozen-prefix activation cache vs full recomputation.")
            { backbone, size, depth, slices, batch, epochs, dataset, output };
        command.SetAction(parse => Run(BackboneRegistry.Get(parse.GetValue(backbone)!), parse.GetValue(size), parse.GetValue(depth), parse.GetValue(slices),
            parse.GetValue(batch), parse.GetValue(epochs), parse.GetValue(dataset)!, parse.GetValue(output)));
        return command;
    }

    private static int Run(BackboneDefinition backbone, int? requestedSize, int depth, int slices, int batch, int epochs, string dataset, string? output)
    {
        var size = requestedSize ?? backbone.InputSize;
        var data = BenchData.Load(dataset, slices, size, backbone);
        Console.WriteLine($"activation-cache: {backbone.Name} at {size}x{size}, stage {depth}, {data.Train.Count} train + {data.Validation.Count} validation slices, " +
                          $"batch {batch}, {epochs} epochs per run, {Environment.ProcessorCount} cores");
        var recipe = new TrainingRecipe { MaxEpochs = epochs, Patience = epochs, BatchSize = batch, Threads = Environment.ProcessorCount, LearningRate = 1e-3 };
        var runs = new Dictionary<string, StageOutcome>();
        foreach (var (name, options) in new[] { ("recompute", new ActivationCacheOptions { Enabled = false }), ("cache", new ActivationCacheOptions()) })
        {
            using var model = BenchData.Network(backbone, 1, seed: 1);
            var trainer = new StageTrainer(recipe with { Cache = options })
            {
                EpochCompleted = e => Console.WriteLine($"  {name}: epoch {e.Epoch} {e.Seconds:F2} s, train loss {e.TrainLoss:F6}, validation loss {e.ValidationLoss:F6}"),
            };
            runs[name] = trainer.Train(model, data, depth);
            Console.WriteLine($"  {name}: {runs[name].Cache}");
        }
        double Median(string run) => Measurement.Median([.. runs[run].Epochs.Select(e => e.Seconds)]);
        var sameLosses = runs["recompute"].Epochs.Zip(runs["cache"].Epochs).All(p => p.First.TrainLoss == p.Second.TrainLoss && p.First.ValidationLoss == p.Second.ValidationLoss);
        var result = new
        {
            benchmark = "activation-cache",
            backbone = backbone.Name,
            weights = "random (timing only)",
            size,
            depth,
            train_slices = data.Train.Count,
            validation_slices = data.Validation.Count,
            batch,
            epochs,
            cores = Environment.ProcessorCount,
            recompute_epoch_seconds_median = Median("recompute"),
            cache_epoch_seconds_median = Median("cache"),
            speedup = Median("recompute") / Median("cache"),
            cache_fill_seconds = runs["cache"].Cache.BuildSeconds,
            cache = runs["cache"].Cache,
            identical_losses = sameLosses,
            recompute_epochs = runs["recompute"].Epochs,
            cache_epochs = runs["cache"].Epochs,
        };
        Console.WriteLine($"  median epoch: recompute {result.recompute_epoch_seconds_median:F2} s, cache {result.cache_epoch_seconds_median:F2} s " +
                          $"(+ {result.cache_fill_seconds:F1} s fill once): {result.speedup:F2}x; identical losses: {sameLosses}");
        Console.WriteLine($"  written to {Measurement.Write($"activation-cache-{backbone.Name}-{size}", result, output)}");
        return 0;
    }
}
