using BrainTumor.Protocol.Supervision;
using BrainTumor.Learning.Training;
using BrainTumor.Protocol.Metrics;

namespace BrainTumor.Learning.Tests.Training;

[Collection(SeededTorchCollection.Name)]
public class FoldRunnerTests
{
    [Fact]
    public void The_ladder_follows_the_policy_and_tests_the_chosen_depth_once()
    {
        var data = TinyTraining.Data();
        using var model = TinyTraining.Model();
        var seen = new List<int>();
        var runner = new FoldRunner(new StageTrainer(TinyTraining.Recipe(epochs: 1)), SupervisorPolicies.Parse("fixed:2", 5))
        {
            StageCompleted = (stage, _) => seen.Add(stage.Depth),
        };
        var outcome = runner.Run(model, data, fold: 1);
        Assert.Equal([0, 1, 2], seen);
        Assert.Equal(2, outcome.ChosenDepth);
        Assert.Equal(SupervisorAction.Stop, outcome.Decisions[^1].Action);
        Assert.Equal(data.Test.Count, outcome.Test.ConfusionMatrix.Total);
        // The seeded run's test numbers, exactly: a change of seeding, stage order or arithmetic shows here.
        Assert.Equal("accuracy 0.3; glioma recall 1 auc 1; meningioma recall 0 auc 0.5714285714285714; pituitary recall 0 auc 0.5416666666666666", Exact(outcome.Test));
    }

    [Fact]
    public void A_refitting_fold_trains_the_kept_stages_again_on_training_and_validation_from_the_start_weights()
    {
        var data = TinyTraining.Data();
        using var model = TinyTraining.Model();
        var runner = new FoldRunner(new StageTrainer(TinyTraining.Recipe(epochs: 2)), SupervisorPolicies.Parse("fixed:1", 5)) { Refit = true };
        var outcome = runner.Run(model, data, fold: 1);
        Assert.Equal(1, outcome.ChosenDepth);
        // Each kept stage again, for the epochs its ladder stage took to its best, keeping the last epoch.
        Assert.Equal(outcome.Stages.Select(s => (s.Depth, Math.Max(1, s.BestEpoch))), outcome.Refits.Select(r => (r.Depth, r.EpochsRun)));
        Assert.All(outcome.Refits, r => Assert.Equal(r.EpochsRun, r.BestEpoch));
        Assert.All(outcome.Refits.SelectMany(r => r.Epochs), e => Assert.True(e.Improved));
        Assert.Equal(data.Test.Count, outcome.Test.ConfusionMatrix.Total);

        // Refit stage 0 is stage 0 of a ladder on training plus validation, from the same start.
        using var fresh = TinyTraining.Model();
        var combined = data with { Train = [.. data.Train, .. data.Validation] };
        var alone = new StageTrainer(TinyTraining.Recipe(epochs: outcome.Refits[0].EpochsRun)).Train(fresh, combined, depth: 0);
        Assert.Equal(alone.Epochs.Select(e => (e.TrainLoss, e.TrainAccuracy)), outcome.Refits[0].Epochs.Select(e => (e.TrainLoss, e.TrainAccuracy)));

        // Without refit the same ladder tests its own stage's weights: other numbers.
        using var plain = TinyTraining.Model();
        var ladderOnly = new FoldRunner(new StageTrainer(TinyTraining.Recipe(epochs: 2)), SupervisorPolicies.Parse("fixed:1", 5)).Run(plain, data, fold: 1);
        Assert.Empty(ladderOnly.Refits);
        Assert.Equal(outcome.Stages.SelectMany(TinyTraining.Numbers), ladderOnly.Stages.SelectMany(TinyTraining.Numbers));
        Assert.NotEqual(ladderOnly.TestLoss, outcome.TestLoss);
    }

    private static string Exact(ClassificationMetrics test) =>
        FormattableString.Invariant($"accuracy {test.Accuracy:R}; ") +
        string.Join("; ", test.PerClass.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => FormattableString.Invariant($"{c.Key} recall {c.Value.Recall:R} auc {c.Value.Auc:R}")));
}
