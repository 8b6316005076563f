using BrainTumor.Protocol.Supervision;
using BrainTumor.Learning.Training;

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
        Assert.All(outcome.Test.PerClass.Values, c => Assert.True(c.Auc is null or (>= 0 and <= 1)));
    }
}
