using BrainTumor.Protocol.Runs;
namespace BrainTumor.Learning.Training;

/// <summary>
/// Where a stage's trainable part reads its inputs: <see cref="Plain"/>, the frozen prefix's output
/// on the unchanged slices (validation always, training too without augmentation), and with
/// augmentation and <see cref="TrainingRecipe.AugmentedViews"/>, <see cref="Views"/>, the prefix's
/// output on each training slice's fixed augmented views. Either may be null: the whole network
/// then runs on images.
/// </summary>
internal sealed class StageFeed(ActivationCache? plain, ActivationCache? views, CacheReport report) : IDisposable
{
    public ActivationCache? Plain { get; } = plain;

    public ActivationCache? Views { get; } = views;

    /// <summary>What the stage's record says of its inputs.</summary>
    public CacheReport Report { get; } = report;

    public static StageFeed Build(Backbones.IBlockwiseNetwork network, TorchSharp.torch.nn.Module model, StageData data, int startBlock, TrainingRecipe recipe,
        CancellationToken cancellation, SharedFeatures? shared)
    {
        if (!recipe.Augmentation.Any)
        {
            // A refit trains on its validation slices too: each slice is cached once.
            var (cache, report) = ActivationCache.Build(network, model, data, startBlock, [.. data.Train.Union(data.Validation)], recipe, cancellation, shared);
            return new StageFeed(cache, null, report);
        }
        var (plain, plainReport) = ActivationCache.Build(network, model, data, startBlock, data.Validation, recipe, cancellation, shared);
        try
        {
            if (recipe.AugmentedViews == 0)
                return new StageFeed(plain, null, CacheReport.Bypassed(
                    "augmentation is on and no views are cached (augmented_views 0): training slices run the whole network each epoch" + ValidationNote(plainReport)));
            var (views, viewsReport) = ActivationCache.BuildViews(network, model, data, startBlock, data.Train, recipe, cancellation);
            return new StageFeed(plain, views, views is null
                ? viewsReport with { BypassReason = viewsReport.BypassReason + ValidationNote(plainReport) }
                : viewsReport with { Bytes = viewsReport.Bytes + plainReport.Bytes, BuildSeconds = viewsReport.BuildSeconds + plainReport.BuildSeconds });
        }
        catch
        {
            plain?.Dispose();
            throw;
        }
    }

    private static string ValidationNote(CacheReport plain) => plain.Used ? "; validation from the cache" : "";

    public void Dispose()
    {
        Plain?.Dispose();
        Views?.Dispose();
    }
}
