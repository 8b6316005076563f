using BrainTumor.Learning.Backbones;
using BrainTumor.Learning.Training;
using BrainTumor.Protocol.Specs;

namespace BrainTumor.Learning.Tests.Training;

[Collection(SeededTorchCollection.Name)]
public class SpecRecipeTests
{
    [Fact]
    public void The_recipe_takes_every_training_field_of_the_spec()
    {
        var spec = ExperimentSpec.For("d") with
        {
            Epochs = 4, Patience = 2, BatchSize = 24, LearningRate = 0.02, Seed = 7, Augment = true, LabelSmoothing = 0.15,
            Rotate = 15, Scale = 0.1, Translate = 0.05, Intensity = 0.2, Noise = 0.01, Optimizer = "adamw", Nesterov = true, WeightDecay = 1e-4,
            BlockLrFactor = 0.3, Schedule = "cosine", WarmupEpochs = 1, GradientClip = 5, BalancedLoss = true, BatchNorm = "updated", Tta = "flip",
        };
        var recipe = SpecRecipe.For(spec, threads: 3);
        Assert.Equal(new TrainingRecipe
        {
            MaxEpochs = 4, Patience = 2, BatchSize = 24, LearningRate = 0.02, Seed = 7, LabelSmoothing = 0.15, Threads = 3,
            Augmentation = new Augmentation { Flip = true, RotateDegrees = 15, Scale = 0.1, Translate = 0.05, Intensity = 0.2, Noise = 0.01 },
            Optimizer = OptimizerKind.AdamW, Nesterov = true, WeightDecay = 1e-4, BlockLrFactor = 0.3, Schedule = LearningRateSchedule.Cosine, WarmupEpochs = 1,
            GradientClip = 5, BalancedLoss = true, BatchNorm = UnfrozenBatchNorm.BatchStatistics, TestTimeFlips = true,
        }, recipe);
        Assert.Equal(new TrainingRecipe { Threads = 2 } with { MaxEpochs = 10, Patience = 3, BatchSize = 16 }, SpecRecipe.For(ExperimentSpec.For("d"), threads: 2));
    }

    [Fact]
    public void Label_smoothing_changes_the_training_loss_and_so_what_the_head_learns()
    {
        var data = TinyTraining.Data();
        using var plain = TinyTraining.Model();
        using var smoothed = TinyTraining.Model();
        var a = new StageTrainer(TinyTraining.Recipe(epochs: 1)).Train(plain, data, depth: 0).Epochs.Single();
        var b = new StageTrainer(TinyTraining.Recipe(epochs: 1) with { LabelSmoothing = 0.3 }).Train(smoothed, data, depth: 0).Epochs.Single();
        Assert.NotEqual(a.TrainLoss, b.TrainLoss);
        Assert.NotEqual(a.ValidationLoss, b.ValidationLoss);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    public void A_smoothing_outside_zero_to_one_is_refused(double smoothing)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => (new TrainingRecipe { LabelSmoothing = smoothing }).Validated());
        Assert.Equal("LabelSmoothing", error.ParamName);
    }
}
