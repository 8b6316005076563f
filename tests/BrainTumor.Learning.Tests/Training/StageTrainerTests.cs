using BrainTumor.Learning.Backbones;
using BrainTumor.Learning.Training;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Tests.Training;

[Collection(SeededTorchCollection.Name)]
public class StageTrainerTests
{
    [Fact]
    public void Two_seeded_runs_give_identical_numbers()
    {
        var data = TinyTraining.Data();
        using var first = TinyTraining.Model();
        using var second = TinyTraining.Model();
        var trainer = new StageTrainer(TinyTraining.Recipe() with { Augment = true });
        var a = trainer.Train(first, data, depth: 1);
        var b = trainer.Train(second, data, depth: 1);
        Assert.Equal(TinyTraining.Numbers(a), TinyTraining.Numbers(b));
        Assert.Equal(3, a.EpochsRun);
        Assert.All(first.state_dict(), kv => Assert.True(kv.Value.allclose(second.state_dict()[kv.Key], rtol: 0, atol: 0), kv.Key));
    }

    [Fact]
    public void Stage_k_changes_only_the_head_and_the_k_deepest_blocks()
    {
        var data = TinyTraining.Data();
        using var model = TinyTraining.Model();
        var before = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        new StageTrainer(TinyTraining.Recipe(epochs: 2) with { Patience = 5 }).Train(model, data, depth: 2);
        var blocks = Vgg.Blocks(19);
        foreach (var (name, tensor) in model.state_dict())
        {
            var block = blocks.BlockOf(name).Name;
            var trained = block is "block4" or "block5" or "head";
            Assert.True(trained != tensor.allclose(before[name], rtol: 0, atol: 0), $"{name} ({block}) should {(trained ? "" : "not ")}change");
        }
    }

    [Fact]
    public void The_model_ends_with_the_best_epochs_weights_and_early_stopping_counts_patience()
    {
        var data = TinyTraining.Data();
        using var model = TinyTraining.Model();
        // A rate this high diverges: the first epoch stays best and patience 1 stops at epoch 2.
        var outcome = new StageTrainer(TinyTraining.Recipe(epochs: 6) with { Patience = 1, LearningRate = 5 }).Train(model, data, depth: 0);
        Assert.True(outcome.EpochsRun < 6 == outcome.StoppedEarly);
        var best = outcome.Epochs.Single(e => e.Epoch == outcome.BestEpoch);
        var again = Evaluation.Run(model, data, data.Validation, 8);
        Assert.Equal(best.ValidationAccuracy, again.Accuracy);
        Assert.Equal(best.ValidationLoss, again.Loss, 5);
        Assert.Equal(outcome.BestValidationAccuracy, outcome.ToStageResult().Metric);
    }

    [Fact]
    public void Forward_blocks_compose_to_the_whole_network()
    {
        using var vgg = TinyTraining.Model();
        using var alexnet = AlexNet.Create(3, widthDivisor: 8);
        using var x = rand(2, 3, 96, 96);
        vgg.eval();
        alexnet.eval();
        using var noGrad = no_grad();
        foreach (var network in new (nn.Module<Tensor, Tensor> Module, IBlockwiseNetwork Blocks)[] { (vgg, vgg), (alexnet, alexnet) })
        {
            using var whole = network.Module.call(x);
            for (var split = 1; split < network.Blocks.Blocks.Blocks.Count; split++)
            {
                using var prefix = network.Blocks.ForwardBlocks(x, 0, split);
                using var rest = network.Blocks.ForwardBlocks(prefix, split, network.Blocks.Blocks.Blocks.Count);
                Assert.True(rest.allclose(whole, rtol: 0, atol: 0), $"split at block {split}");
            }
        }
    }

    [Fact]
    public void Sgd_and_adamw_both_train_and_the_recipe_refuses_impossible_values()
    {
        var data = TinyTraining.Data();
        using var model = TinyTraining.Model();
        var outcome = new StageTrainer(TinyTraining.Recipe(epochs: 1) with { Optimizer = OptimizerKind.AdamW, LearningRate = 1e-3, WeightDecay = 0.01 }).Train(model, data, 1);
        Assert.True(double.IsFinite(outcome.Epochs[0].TrainLoss));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StageTrainer(new TrainingRecipe { BlockLrFactor = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StageTrainer(new TrainingRecipe { BatchSize = 1 }));
    }
}
