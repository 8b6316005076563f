using BrainTumor.Imaging.Preprocessing;
using BrainTumor.Imaging.Reading;
using BrainTumor.Learning.Backbones;
using BrainTumor.Learning.Data;
using BrainTumor.Learning.Training;
using BrainTumor.Testing;
using static TorchSharp.torch;
using BrainTumor.Protocol.Runs;

namespace BrainTumor.Learning.Tests.Training;

/// <summary>
/// Tests that seed libtorch's global generator (weight init, dropout) must not share it with tests
/// running in parallel: they run alone, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SeededTorchCollection
{
    public const string Name = "seeded torch";
}

/// <summary>A width-divided VGG19 at 64x64 on real slices from data/sample: small enough for a test run of a few epochs.</summary>
internal static class TinyTraining
{
    public const int Size = 64;
    public const int WidthDivisor = 8;

    private static readonly Lazy<PreprocessedSlices> Slices = new(() =>
    {
        var reader = DatasetReaders.ForFolder(TestPaths.Sample);
        var items = reader.Index(TestPaths.Sample).Items;
        // Every sixth item: all three classes, 50 slices.
        var picked = items.Where((_, i) => i % 6 == 0).Take(50).ToList();
        return PreprocessedLoader.Load(reader, picked, Size, cache: null);
    });

    /// <summary>30 training, 10 validation and 10 test slices, interleaved so that each part has every class.</summary>
    public static StageData Data()
    {
        var all = Enumerable.Range(0, Slices.Value.Count).ToList();
        return new StageData(Slices.Value, InputNormalization.ImageNet,
            [.. all.Where(i => i % 5 < 3)], [.. all.Where(i => i % 5 == 3)], [.. all.Where(i => i % 5 == 4)]);
    }

    /// <summary>The same initial weights for the same seed.</summary>
    public static Vgg Model(int seed = 1)
    {
        manual_seed(seed);
        return Vgg.Vgg19(classes: 3, widthDivisor: WidthDivisor);
    }

    public static TrainingRecipe Recipe(int epochs = 3) => new()
    {
        LearningRate = 0.01,
        BlockLrFactor = 0.5,
        MaxEpochs = epochs,
        Patience = 10,
        BatchSize = 8,
        Seed = 7,
        Threads = 2,
    };

    /// <summary>Per-epoch numbers without the wall time, for equality.</summary>
    public static IEnumerable<(double, double, double, double, bool)> Numbers(StageOutcome outcome) =>
        outcome.Epochs.Select(e => (e.TrainLoss, e.TrainAccuracy, e.ValidationLoss, e.ValidationAccuracy, e.Improved));
}
