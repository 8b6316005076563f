using BrainTumor.Protocol.Supervision;
using static BrainTumor.Protocol.Supervision.SupervisorAction;

namespace BrainTumor.Protocol.Tests.Supervision;

public class ExhaustiveAndFixedPolicyTests
{
    private const int Digits = 12;

    [Fact]
    public void Exhaustive_trains_every_depth_and_keeps_the_best_with_ties_to_the_shallower()
    {
        // Drops do not stop it; 0.85 at depths 2 and 3 tie, so depth 2 is kept.
        var d = Ladder.Replay(new ExhaustivePolicy(3), 0.80, 0.79, 0.85, 0.85);

        Assert.Equal([Deeper, Deeper, Deeper, Stop], d.Select(x => x.Action));
        Assert.Equal([1, 2, 3, (int?)null], d.Select(x => x.NextDepth));
        Assert.Equal([0, 0, 2, 2], d.Select(x => x.ChosenDepth));
        Assert.Equal(-0.01, d[1].Gain!.Value, Digits);
        Assert.Equal(0.0, d[3].Gain!.Value, Digits);
        Assert.Equal((0.85, 2), (d[3].BestMetric, d[3].BestDepth));
        Assert.All(d, x => Assert.Null(x.Threshold));
        Assert.All(d, x => Assert.Null(x.Patience));
        Assert.Equal("exhaustive:max_depth=3", d[3].Policy);
        Assert.Contains("every depth from 0 to 3 trained; keeping depth 2", d[3].Reason);
    }

    [Fact]
    public void Exhaustive_refuses_a_history_beyond_its_depth()
    {
        var e = Assert.Throws<ArgumentException>(() => new ExhaustivePolicy(1).Decide(Ladder.History(0.8, 0.8, 0.8)));
        Assert.Contains("reaches depth 2, beyond the policy's maximum depth 1", e.Message);
    }

    [Fact]
    public void Fixed_walks_zero_to_k_and_keeps_k_whatever_the_metric()
    {
        var d = Ladder.Replay(new FixedPolicy(2), 0.90, 0.80, 0.70);

        Assert.Equal([Deeper, Deeper, Stop], d.Select(x => x.Action));
        Assert.Equal([0, 1, 2], d.Select(x => x.ChosenDepth));
        // The numbers still say that depth 0 was best on validation.
        Assert.Equal((0.90, 0), (d[2].BestMetric, d[2].BestDepth));
        Assert.Equal(-0.20, d[2].Gain!.Value, Digits);
        Assert.Equal(2, d[2].MaxDepth);
        Assert.Contains("fixed:2 keeps depth 2 whatever the metric (the best was depth 0, accuracy 0.9000)", d[2].Reason);
    }

    [Fact]
    public void Fixed_zero_trains_the_head_alone()
    {
        var d = new FixedPolicy(0).Decide(Ladder.History(0.75));
        Assert.Equal((Stop, 0, (int?)null), (d.Action, d.ChosenDepth, d.NextDepth));
        Assert.Null(d.Gain);
    }

    [Fact]
    public void Fixed_refuses_a_history_beyond_k()
    {
        Assert.Throws<ArgumentException>(() => new FixedPolicy(1).Decide(Ladder.History(0.8, 0.8, 0.8)));
    }

    [Fact]
    public void Malformed_histories_are_refused_with_what_is_wrong()
    {
        ISupervisorPolicy policy = new ExhaustivePolicy(5);
        Assert.Contains("no stage results", Assert.Throws<ArgumentException>(() => policy.Decide([])).Message);
        Assert.Contains("entry 0 is depth 1", Assert.Throws<ArgumentException>(() => policy.Decide([new StageResult(1, "accuracy", 0.8, 0.5)])).Message);
        Assert.Contains("depth 1 reports macro_f1 but depth 0 reports accuracy", Assert.Throws<ArgumentException>(() =>
            policy.Decide([new StageResult(0, "accuracy", 0.8, 0.5), new StageResult(1, "macro_f1", 0.7, 0.5)])).Message);
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => policy.Decide([new StageResult(0, "accuracy", double.NaN, 0.5)])).Message);
    }
}
