using BrainTumor.Learning.Training;
using BrainTumor.Protocol.Runs;

namespace BrainTumor.Learning.Tests.Training;

[Collection(SeededTorchCollection.Name)]
public class FrozenFeatureStoreTests
{
    private const string Identity = "tiny-vgg19|seed 1";

    /// <summary>The tiny data with its parts rotated: another fold over the same slices.</summary>
    private static StageData OtherFold()
    {
        var data = TinyTraining.Data();
        return data with { Train = [.. data.Validation, .. data.Test, .. data.Train.Skip(10)], Validation = [.. data.Train.Take(10)], Test = [] };
    }

    /// <summary>Stage 1 then stage 2 of one fold from the same pretrained start (seed 1), with or without a store.</summary>
    private static (StageOutcome One, StageOutcome Two) Ladder(StageData data, SharedFeatures? shared)
    {
        using var model = TinyTraining.Model(seed: 1);
        var trainer = new StageTrainer(TinyTraining.Recipe(epochs: 2) with { Cache = new() { Precision = CachePrecision.Float32 } }) { Shared = shared };
        return (trainer.Train(model, data, 1), trainer.Train(model, data, 2));
    }

    [Fact]
    public void Every_fold_and_stage_reads_the_numbers_its_own_cache_would_have_computed()
    {
        using var store = new FrozenFeatureStore(64L << 20);
        var shared = new SharedFeatures(store, Identity);
        foreach (var data in new[] { TinyTraining.Data(), OtherFold() })
        {
            var own = Ladder(data, null);
            var fromStore = Ladder(data, shared);
            Assert.Equal(("memory", "memory"), (own.One.Cache.Tier, own.Two.Cache.Tier));
            Assert.Equal(("shared", "shared"), (fromStore.One.Cache.Tier, fromStore.Two.Cache.Tier));
            Assert.Equal(TinyTraining.Numbers(own.One), TinyTraining.Numbers(fromStore.One));
            Assert.Equal(TinyTraining.Numbers(own.Two), TinyTraining.Numbers(fromStore.Two));
        }
        // Stage 1's pass through the images kept its own boundary (after block 4) and the shallower ones on the way,
        // so stage 2 (boundary 3) and the second fold ran no frozen block again.
        Assert.Equal([1, 2, 3, 4], store.Boundaries(Identity));
        Assert.InRange(store.Bytes, 1, store.BudgetBytes);
    }

    [Fact]
    public void The_test_pass_on_shared_features_equals_the_whole_network()
    {
        using var store = new FrozenFeatureStore(64L << 20);
        var data = TinyTraining.Data();
        using var model = TinyTraining.Model(seed: 1);
        new StageTrainer(TinyTraining.Recipe(epochs: 2)).Train(model, data, 1);

        var whole = Evaluation.Run(model, data, data.Test, 8);
        var shared = Evaluation.Run(model, data, data.Test, 8, depth: 1, new SharedFeatures(store, Identity));
        Assert.Equal(whole.Predicted, shared.Predicted);
        Assert.Equal(whole.Loss, shared.Loss, 5);
        Assert.Equal([4], store.Boundaries(Identity).Where(b => b == 4));
    }

    [Fact]
    public void A_store_too_small_for_the_dataset_leaves_the_stage_its_own_cache()
    {
        using var store = new FrozenFeatureStore(1024);
        var data = TinyTraining.Data();
        var own = Ladder(data, null);
        var fallback = Ladder(data, new SharedFeatures(store, Identity));
        Assert.Equal(("memory", "memory"), (fallback.One.Cache.Tier, fallback.Two.Cache.Tier));
        Assert.Equal(TinyTraining.Numbers(own.One), TinyTraining.Numbers(fallback.One));
        Assert.Empty(store.Boundaries(Identity));
        Assert.Equal(0, store.Bytes);
    }

    [Fact]
    public void Another_network_evicts_the_least_recently_used_features_when_memory_runs_out()
    {
        // The outputs after block 4 of the tiny VGG19 for the 50 slices: 64 x 4 x 4 floats each, 204,800 bytes;
        // after block 3 another 409,600 bytes, which this budget has no room for.
        using var store = new FrozenFeatureStore(300_000);
        var data = TinyTraining.Data();
        Assert.Equal("shared", Ladder(data, new SharedFeatures(store, "first")).One.Cache.Tier);
        Assert.Equal([4], store.Boundaries("first"));
        Assert.Equal(204_800, store.Bytes);

        using var model = TinyTraining.Model(seed: 2);
        var outcome = new StageTrainer(TinyTraining.Recipe(epochs: 1)) { Shared = new SharedFeatures(store, "second") }.Train(model, data, 1);
        Assert.Equal("shared", outcome.Cache.Tier);
        Assert.Empty(store.Boundaries("first"));
        Assert.Equal([4], store.Boundaries("second"));
        Assert.Equal(204_800, store.Bytes);
    }
}
