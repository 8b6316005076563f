using BrainTumor.Learning.Training;
using BrainTumor.Protocol.Runs;

namespace BrainTumor.Learning.Tests.Training;

[Collection(SeededTorchCollection.Name)]
public class ActivationCacheTests
{
    private static StageOutcome Run(TrainingRecipe recipe, int depth = 1)
    {
        using var model = TinyTraining.Model();
        return new StageTrainer(recipe).Train(model, TinyTraining.Data(), depth);
    }

    [Fact]
    public void Float32_cache_gives_the_losses_of_full_recomputation()
    {
        var recipe = TinyTraining.Recipe();
        var full = Run(recipe with { Cache = new() { Enabled = false } });
        var cached = Run(recipe with { Cache = new() { Precision = CachePrecision.Float32 } });
        Assert.False(full.Cache.Used);
        Assert.Equal("disabled by the recipe", full.Cache.BypassReason);
        Assert.True(cached.Cache.Used);
        Assert.Equal(("memory", "float32"), (cached.Cache.Tier, cached.Cache.Precision));
        Assert.Equal(TinyTraining.Numbers(full), TinyTraining.Numbers(cached));
    }

    [Fact]
    public void Disk_tier_gives_the_same_losses_when_memory_is_too_small()
    {
        var recipe = TinyTraining.Recipe(epochs: 2);
        var memory = Run(recipe with { Cache = new() { Precision = CachePrecision.Float32 } });
        var disk = Run(recipe with { Cache = new() { Precision = CachePrecision.Float32, MemoryBudgetBytes = 0 } });
        Assert.Equal("disk", disk.Cache.Tier);
        Assert.Equal(TinyTraining.Numbers(memory), TinyTraining.Numbers(disk));
    }

    [Fact]
    public void Float16_cache_keeps_the_metrics_and_the_losses_within_a_tolerance()
    {
        var recipe = TinyTraining.Recipe();
        var exact = Run(recipe with { Cache = new() { Precision = CachePrecision.Float32 } });
        var half = Run(recipe with { Cache = new() { Precision = CachePrecision.Float16 } });
        Assert.Equal("float16", half.Cache.Precision);
        Assert.Equal(exact.Cache.Bytes / 2, half.Cache.Bytes);
        Assert.Equal(exact.Epochs.Select(e => e.ValidationAccuracy), half.Epochs.Select(e => e.ValidationAccuracy));
        foreach (var (a, b) in exact.Epochs.Zip(half.Epochs))
        {
            Assert.Equal(a.TrainLoss, b.TrainLoss, 0.01);
            Assert.Equal(a.ValidationLoss, b.ValidationLoss, 0.01);
        }
    }

    [Fact]
    public void Augmentation_without_views_bypasses_the_cache_for_training_and_says_why()
    {
        var outcome = Run(TinyTraining.Recipe(epochs: 1) with { Augmentation = new Augmentation { Flip = true } });
        Assert.False(outcome.Cache.Used);
        Assert.Equal("augmentation is on and no views are cached (augmented_views 0): training slices run the whole network each epoch; validation from the cache",
            outcome.Cache.BypassReason);
        var budget = Run(TinyTraining.Recipe(epochs: 1) with { Cache = new() { MemoryBudgetBytes = 0, DiskBudgetBytes = 0 } });
        Assert.Contains("exceeds the memory budget", budget.Cache.BypassReason);
        var deepest = Run(TinyTraining.Recipe(epochs: 1), depth: 5);
        Assert.Contains("every block trains", deepest.Cache.BypassReason);
    }
}
