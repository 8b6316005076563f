using BrainTumor.Learning.Backbones;
using BrainTumor.Learning.Training;
using static TorchSharp.torch;
using BrainTumor.Protocol.Runs;

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
        var trainer = new StageTrainer(TinyTraining.Recipe() with { Augmentation = new Augmentation { Flip = true } });
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
    public void Early_stopping_ends_the_stage_after_patience_stale_epochs_and_the_model_ends_with_the_best_epochs_weights()
    {
        var data = TinyTraining.Data();
        // A rate this high diverges: the first epoch stays best, so patience 1 stops at epoch 2.
        var recipe = TinyTraining.Recipe(epochs: 6) with { LearningRate = 5 };
        using var model = TinyTraining.Model();
        var outcome = new StageTrainer(recipe with { Patience = 1 }).Train(model, data, depth: 0);
        using var patient = TinyTraining.Model();
        var full = new StageTrainer(recipe with { Patience = 6 }).Train(patient, data, depth: 0);

        Assert.Equal((2, 1, true), (outcome.EpochsRun, outcome.BestEpoch, outcome.StoppedEarly));
        Assert.Equal((6, 1, false), (full.EpochsRun, full.BestEpoch, full.StoppedEarly));
        Assert.Equal(TinyTraining.Numbers(full).Take(2), TinyTraining.Numbers(outcome)); // patience decides when the stage ends, not what its epochs do
        var best = outcome.Epochs.Single(e => e.Epoch == outcome.BestEpoch);
        var again = Evaluation.Run(model, data, data.Validation, 8);
        Assert.Equal(best.ValidationAccuracy, again.Accuracy);
        Assert.Equal(best.ValidationLoss, again.Loss, 5);
        Assert.Equal(outcome.BestValidationAccuracy, outcome.ToStageResult().Metric);
    }

    [Fact]
    public void Hooks_see_every_epoch_and_batch_in_order_leave_the_numbers_alone_and_can_end_the_stage()
    {
        var data = TinyTraining.Data(); // 30 training slices: batches of 8, 8, 8 and 6 per epoch
        var recipe = TinyTraining.Recipe(epochs: 4);
        using var plain = TinyTraining.Model();
        var unhooked = new StageTrainer(recipe with { MaxEpochs = 2 }).Train(plain, data, depth: 1);
        using var model = TinyTraining.Model();
        var hook = new RecordingHook(stopAt: 2);
        var outcome = new StageTrainer(recipe) { Hooks = [hook] }.Train(model, data, depth: 1);

        string[] Epoch(int e) => [$"epoch {e}", .. Enumerable.Range(1, 4).SelectMany(b => new[] { $"start {e}.{b}", $"end {e}.{b}" }), $"validated {e}", $"finished {e}"];
        Assert.Equal(["stage 1", .. Epoch(1), .. Epoch(2)], hook.Calls);
        Assert.Equal((2, true), (outcome.EpochsRun, outcome.StoppedEarly));
        Assert.Equal(TinyTraining.Numbers(unhooked), TinyTraining.Numbers(outcome));
        Assert.Equal(outcome.Epochs[0].TrainLoss, hook.BatchLosses.Take(4).Zip([8, 8, 8, 6], (loss, count) => loss * count).Sum() / 30, 6);
    }

    [Fact]
    public void Sgd_and_adamw_both_train_and_step_differently()
    {
        var data = TinyTraining.Data();
        var recipe = TinyTraining.Recipe(epochs: 1) with { LearningRate = 1e-3, WeightDecay = 0.01 };
        using var initial = TinyTraining.Model();
        var runs = new[] { OptimizerKind.Sgd, OptimizerKind.AdamW }.Select(kind =>
        {
            var model = TinyTraining.Model();
            var losses = new RecordingHook(stopAt: 0);
            var outcome = new StageTrainer(recipe with { Optimizer = kind }) { Hooks = [losses] }.Train(model, data, depth: 1);
            return (Model: model, Outcome: outcome, losses.BatchLosses);
        }).ToList();
        try
        {
            var (sgd, adamw) = (runs[0], runs[1]);
            foreach (var run in runs)
            {
                Assert.True(double.IsFinite(run.Outcome.Epochs[0].TrainLoss));
                Assert.Equal(4, run.BatchLosses.Count);
                Assert.Contains(run.Model.state_dict(), kv => !kv.Value.allclose(initial.state_dict()[kv.Key], rtol: 0, atol: 0));
            }
            // The same start and the same batches: the first batch's loss is the same, every later one follows a different update rule.
            Assert.Equal(sgd.BatchLosses[0], adamw.BatchLosses[0]);
            Assert.All(sgd.BatchLosses.Zip(adamw.BatchLosses).Skip(1), pair => Assert.NotEqual(pair.First, pair.Second));
            Assert.Contains(sgd.Model.state_dict(), kv => !kv.Value.allclose(adamw.Model.state_dict()[kv.Key], rtol: 0, atol: 0));
        }
        finally
        {
            runs.ForEach(r => r.Model.Dispose());
        }
    }

    [Fact]
    public void The_recipe_refuses_impossible_values()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StageTrainer(new TrainingRecipe { BlockLrFactor = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StageTrainer(new TrainingRecipe { BatchSize = 1 }));
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

    /// <summary>Names every call it gets, keeps each batch's loss, and ends the stage after epoch <c>stopAt</c> (0: never).</summary>
    private sealed class RecordingHook(int stopAt) : IStageHook
    {
        public List<string> Calls { get; } = [];

        public List<double> BatchLosses { get; } = [];

        void IStageHook.StageStarting(StageContext stage) => Calls.Add($"stage {stage.Depth}");

        void IStageHook.EpochStarting(StageContext stage, int epoch) => Calls.Add($"epoch {epoch}");

        void IStageHook.BatchStarting(StageContext stage, int epoch, int batch) => Calls.Add($"start {epoch}.{batch}");

        void IStageHook.BatchFinished(StageContext stage, int epoch, int batch, double loss)
        {
            Calls.Add($"end {epoch}.{batch}");
            BatchLosses.Add(loss);
        }

        bool IStageHook.AfterValidation(StageContext stage, EpochRecord epoch)
        {
            Calls.Add($"validated {epoch.Epoch}");
            return epoch.Epoch == stopAt;
        }

        void IStageHook.EpochFinished(StageContext stage, EpochRecord epoch) => Calls.Add($"finished {epoch.Epoch}");
    }
}
