using BrainTumor.Imaging.Preprocessing;
using BrainTumor.Imaging.Reading;
using BrainTumor.Learning.Backbones;
using BrainTumor.Learning.Training;
using TorchSharp;
using static TorchSharp.torch;
using BrainTumor.Protocol.Runs;

namespace BrainTumor.Bench;

/// <summary>What the training benchmarks share: a backbone's network (random weights where none are packaged, fine for timing) and real slices split 80/20 into training and validation.</summary>
internal static class BenchData
{
    public static StageData Load(string dataset, int slices, int size, BackboneDefinition backbone)
    {
        var reader = DatasetReaders.ForFolder(dataset);
        var items = reader.Index(dataset).Items;
        // Spread over the whole listing (which is ordered by class), so every class is present.
        var step = Math.Max(1, items.Count / slices);
        var picked = items.Where((_, i) => i % step == 0).Take(slices).ToList();
        var loaded = PreprocessedLoader.Load(reader, picked, size, new PreprocessedSliceCache(Path.Combine(".cache", "preprocessed")));
        var all = Enumerable.Range(0, loaded.Count).ToList();
        return new StageData(loaded, backbone.Normalization, [.. all.Where(i => i % 5 != 4)], [.. all.Where(i => i % 5 == 4)], []);
    }

    /// <summary>The network and its block-wise view (every registered backbone implements <see cref="IBlockwiseNetwork"/>).</summary>
    public static nn.Module<Tensor, Tensor> Network(BackboneDefinition backbone, int widthDivisor, int seed)
    {
        manual_seed(seed);
        var model = backbone.Create(3, widthDivisor);
        return model is IBlockwiseNetwork ? model : throw new InvalidOperationException($"{backbone.Name} does not support block-wise training");
    }

    /// <summary>Trains with the model seen as blockwise (the trainer's generic constraint wants both views in one type).</summary>
    public static StageOutcome Train(StageTrainer trainer, nn.Module<Tensor, Tensor> model, StageData data, int depth, string? checkpoint = null) =>
        trainer.Train(model, data, depth, checkpoint);
}
