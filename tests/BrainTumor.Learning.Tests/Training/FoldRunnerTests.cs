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

    private static string Exact(ClassificationMetrics test) =>
        FormattableString.Invariant($"accuracy {test.Accuracy:R}; ") +
        string.Join("; ", test.PerClass.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => FormattableString.Invariant($"{c.Key} recall {c.Value.Recall:R} auc {c.Value.Auc:R}")));
}
