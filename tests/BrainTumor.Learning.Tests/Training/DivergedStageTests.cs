using System.Text.Json;
using BrainTumor.Learning.Training;
using BrainTumor.Protocol.Supervision;
using BrainTumor.Testing;
using BrainTumor.Protocol.Metrics;
using BrainTumor.Protocol.Runs;

namespace BrainTumor.Learning.Tests.Training;

[Collection(SeededTorchCollection.Name)]
public class DivergedStageTests
{
    // With every trainable block at the head's rate, these rates make the tiny VGG19's loss NaN:
    // 30 at depth 0 in epoch 3; 1 at depth 2 in its first epoch, after depths 0 and 1 stay finite.
    // NaN or Infinity as a value, outside a string (the failure's text names them).
    private const string NonFiniteNumber = @"[:\[,]\s*""?-?(NaN|Infinity)";

    private static TrainingRecipe Diverging(double rate, int epochs) => TinyTraining.Recipe(epochs) with { LearningRate = rate, BlockLrFactor = 1 };

    [Fact]
    public void A_stage_whose_loss_becomes_NaN_fails_at_once_holding_its_best_finite_epoch_and_its_json_has_nulls()
    {
        var data = TinyTraining.Data();
        var checkpoint = Path.Combine(TestPaths.NewTempDirectory("diverged"), "stage-0.ckpt");
        using var model = TinyTraining.Model();
        var trainer = new StageTrainer(Diverging(30, epochs: 6)) { CheckpointInterval = TimeSpan.Zero };
        var outcome = trainer.Train(model, data, depth: 0, checkpoint);

        Assert.Equal("the training loss became NaN and the validation loss became NaN at epoch 3", outcome.Failure);
        Assert.Equal((3, 1, false), (outcome.EpochsRun, outcome.BestEpoch, outcome.StoppedEarly));
        Assert.Equal([true, false, false], outcome.Epochs.Select(e => e.Improved));
        Assert.True(double.IsNaN(outcome.Epochs[2].TrainLoss));
        // The model holds epoch 1's weights, the best finite one.
        var best = outcome.Epochs[0];
        var again = Evaluation.Run(model, data, data.Validation, 8);
        Assert.Equal(best.ValidationAccuracy, again.Accuracy);
        Assert.Equal(best.ValidationLoss, again.Loss, best.ValidationLoss * 1e-6);
        Assert.Equal((best.ValidationAccuracy, best.ValidationLoss), (outcome.BestValidationAccuracy, outcome.BestValidationLoss));
        Assert.Equal(outcome.Failure, outcome.ToStageResult().Failure);

        // System.Text.Json's defaults refuse NaN: the diverged numbers are nulls, read back as NaN.
        var json = JsonSerializer.Serialize(outcome);
        Assert.DoesNotMatch(NonFiniteNumber, json);
        var epoch3 = JsonDocument.Parse(json).RootElement.GetProperty("epochs")[2];
        Assert.Equal(JsonValueKind.Null, epoch3.GetProperty("train_loss").ValueKind);
        Assert.Equal(JsonValueKind.Null, epoch3.GetProperty("validation_loss").ValueKind);
        Assert.Equal(outcome.Epochs[2].ValidationAccuracy, epoch3.GetProperty("validation_accuracy").GetDouble());
        var read = JsonSerializer.Deserialize<StageOutcome>(json)!;
        Assert.Equal(outcome.Failure, read.Failure);
        Assert.True(double.IsNaN(read.Epochs[2].TrainLoss));

        // The checkpoint holds the failure: a rerun returns it at once, with the same best weights.
        using var rerun = TinyTraining.Model();
        var resumed = new StageTrainer(Diverging(30, epochs: 6)).Train(rerun, data, depth: 0, checkpoint);
        Assert.Equal((outcome.Failure, 3, 1), (resumed.Failure, resumed.EpochsRun, resumed.BestEpoch));
        Assert.Equal(again.Loss, Evaluation.Run(rerun, data, data.Validation, 8).Loss);
    }

    [Fact]
    public void A_fold_whose_deeper_stage_diverges_stops_there_and_tests_the_best_finished_depth()
    {
        var data = TinyTraining.Data();
        using var model = TinyTraining.Model();
        var outcome = new FoldRunner(new StageTrainer(Diverging(1, epochs: 2)), SupervisorPolicies.Parse("exhaustive", 5)).Run(model, data, fold: 1);

        Assert.Equal([null, null, "the training loss became NaN and the validation loss became NaN at epoch 1"], outcome.Stages.Select(s => s.Failure));
        Assert.Equal(0, outcome.Stages[2].BestEpoch);
        Assert.Equal([SupervisorAction.Deeper, SupervisorAction.Deeper, SupervisorAction.Stop], outcome.Decisions.Select(d => d.Action));
        // Depth 1's 0.4 beats depth 0's 0.3: it is kept and tested.
        Assert.Equal([0.3, 0.4], outcome.Stages.Take(2).Select(s => s.BestValidationAccuracy));
        Assert.Equal(1, outcome.ChosenDepth);
        Assert.StartsWith("depth 2 failed: the training loss became NaN", outcome.Decisions[^1].Reason);
        Assert.Equal(data.Test.Count, outcome.Test.ConfusionMatrix.Total);
        Assert.True(double.IsFinite(outcome.TestLoss));
        Assert.Equal(outcome.Stages[1].BestValidationAccuracy, Evaluation.Run(model, data, data.Validation, 8).Accuracy);

        var json = JsonSerializer.Serialize(outcome);
        Assert.DoesNotMatch(NonFiniteNumber, json);
        Assert.Contains("\"Loss\":null", JsonSerializer.Serialize(new EvaluationResult(double.PositiveInfinity, 0.5, [], [], []))); // a test pass's, in test.json
        Assert.Equal("the training loss became NaN and the validation loss became NaN at epoch 1",
            JsonDocument.Parse(json).RootElement.GetProperty("stages")[2].GetProperty("failure").GetString());
    }

    [Fact]
    public void A_fold_whose_stage_0_diverges_fails_with_the_reason()
    {
        var data = TinyTraining.Data();
        using var model = TinyTraining.Model();
        var seen = new List<int>();
        var runner = new FoldRunner(new StageTrainer(Diverging(30, epochs: 3)), SupervisorPolicies.Parse("adaptive", 5)) { StageCompleted = (s, _) => seen.Add(s.Depth) };
        var error = Assert.Throws<FoldFailedException>(() => runner.Run(model, data, fold: 4));
        Assert.Equal("fold 4: stage 0 failed: the training loss became NaN and the validation loss became NaN at epoch 3; no finished depth to test", error.Message);
        Assert.Equal(4, error.Fold);
        Assert.Empty(seen);
    }
}
