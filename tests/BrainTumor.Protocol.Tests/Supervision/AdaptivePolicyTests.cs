using BrainTumor.Protocol.Supervision;
using static BrainTumor.Protocol.Supervision.SupervisorAction;

namespace BrainTumor.Protocol.Tests.Supervision;

public class AdaptivePolicyTests
{
    private const int Digits = 12;
    private static readonly AdaptivePolicy Default = new(threshold: 0.005, patience: 1, maxDepth: 5);

    [Fact]
    public void The_first_stage_is_the_baseline_and_always_goes_deeper()
    {
        var d = Default.Decide(Ladder.History(0.80));

        Assert.Equal(Deeper, d.Action);
        Assert.Equal(0, d.Depth);
        Assert.Equal(1, d.NextDepth);
        Assert.Equal(0, d.ChosenDepth);
        Assert.Equal(0.80, d.Metric);
        Assert.Equal(0.20, d.ValidationLoss, Digits);
        Assert.Null(d.Gain);
        Assert.Null(d.BestBefore);
        Assert.Null(d.BestBeforeDepth);
        Assert.Equal((0.80, 0), (d.BestMetric, d.BestDepth));
        Assert.Equal((0.005, 1, 0, 1, 5), (d.Threshold, d.Patience, d.StagesWithoutGain, d.PatienceLeft, d.MaxDepth));
        Assert.Equal("adaptive:threshold=0.005,patience=1,max_depth=5", d.Policy);
        Assert.Equal("accuracy", d.MetricName);
        Assert.Contains("head only", d.Reason);
    }

    [Fact]
    public void A_drop_then_a_rise_above_the_best_is_carried_by_patience_one()
    {
        // 0.80 -> 0.82 (+0.02) -> 0.81 (-0.01 against 0.82: short, patience 1 of 1 used) -> 0.85 (+0.03 against 0.82: reset)
        var d = Ladder.Replay(Default, 0.80, 0.82, 0.81, 0.85);

        Assert.Equal([Deeper, Deeper, Deeper, Deeper], d.Select(x => x.Action));
        Assert.Equal([0, 1, 1, 3], d.Select(x => x.ChosenDepth));
        Assert.Equal(0.02, d[1].Gain!.Value, Digits);
        Assert.Equal(-0.01, d[2].Gain!.Value, Digits);
        Assert.Equal((0.82, 1), (d[2].BestBefore, d[2].BestBeforeDepth));
        Assert.Equal((1, 0), (d[2].StagesWithoutGain, d[2].PatienceLeft));
        Assert.Contains("1 of the patience of 1 used", d[2].Reason);
        Assert.Equal(0.03, d[3].Gain!.Value, Digits);
        Assert.Equal((0, 1), (d[3].StagesWithoutGain, d[3].PatienceLeft));
        Assert.Equal((0.85, 3), (d[3].BestMetric, d[3].BestDepth));
    }

    [Fact]
    public void Gain_is_measured_against_the_best_shallower_depth_not_the_previous_one()
    {
        // 0.80, 0.82, 0.80 (-0.02, short 1), 0.815: +0.015 over the previous stage but -0.005 against
        // the best 0.82 at depth 1, so short a second time: more than patience 1 -> stop, keep depth 1.
        var d = Ladder.Replay(Default, 0.80, 0.82, 0.80, 0.815);

        Assert.Equal([Deeper, Deeper, Deeper, Stop], d.Select(x => x.Action));
        var stop = d[3];
        Assert.Equal(-0.005, stop.Gain!.Value, Digits);
        Assert.Equal((0.82, 1), (stop.BestBefore, stop.BestBeforeDepth));
        Assert.Equal((2, 0), (stop.StagesWithoutGain, stop.PatienceLeft));
        Assert.Null(stop.NextDepth);
        Assert.Equal(1, stop.ChosenDepth);
        Assert.Contains("for 2 consecutive stage(s), more than the patience of 1", stop.Reason);
        Assert.Contains("keeping depth 1 (accuracy 0.8200)", stop.Reason);
    }

    [Fact]
    public void A_gain_below_the_threshold_stops_but_the_better_deeper_depth_is_still_kept()
    {
        // Patience 0: 0.80 -> 0.803 gains 0.003 < 0.005, so stop; depth 1 is still the best validation result.
        var d = Ladder.Replay(new AdaptivePolicy(0.005, 0, 5), 0.80, 0.803);

        Assert.Equal(Stop, d[1].Action);
        Assert.Equal(1, d[1].ChosenDepth);
        Assert.Equal(0.003, d[1].Gain!.Value, Digits);
        Assert.Equal((1, 0), (d[1].StagesWithoutGain, d[1].PatienceLeft));
    }

    [Fact]
    public void Equal_metrics_choose_the_shallower_depth()
    {
        // Threshold 0: a gain of exactly 0 is "at least the threshold", so the ladder goes on,
        // but the tie leaves the best at depth 0 (fewer trainable parameters for the same result).
        var d = Ladder.Replay(new AdaptivePolicy(0, 0, 2), 0.80, 0.80, 0.80);

        Assert.Equal([Deeper, Deeper, Stop], d.Select(x => x.Action));
        Assert.Equal([0, 0, 0], d.Select(x => x.ChosenDepth));
        Assert.Equal([0, 0, 0], d.Select(x => x.BestDepth));
        Assert.Equal(0.0, d[1].Gain);
        Assert.Contains("maximum depth 2", d[2].Reason);

        // With a threshold, a tie is not a gain.
        var strict = Ladder.Replay(new AdaptivePolicy(0.005, 0, 5), 0.80, 0.80);
        Assert.Equal((Stop, 0), (strict[1].Action, strict[1].ChosenDepth));
    }

    [Fact]
    public void A_gain_of_exactly_the_threshold_counts_even_when_binary_arithmetic_falls_short()
    {
        // 163/200 - 162/200 = 0.815 - 0.81, which is 0.004999999999999893 in doubles.
        var d = Ladder.Replay(new AdaptivePolicy(0.005, 0, 5), 162 / 200.0, 163 / 200.0);
        Assert.True(d[1].Gain < 0.005);
        Assert.Equal((Deeper, 0), (d[1].Action, d[1].StagesWithoutGain));
    }

    [Fact]
    public void The_ladder_stops_at_the_maximum_depth_even_while_gaining()
    {
        var d = Ladder.Replay(new AdaptivePolicy(0.005, 1, 2), 0.80, 0.82, 0.85);

        Assert.Equal([Deeper, Deeper, Stop], d.Select(x => x.Action));
        Assert.Equal((2, (int?)null), (d[2].ChosenDepth, d[2].NextDepth));
        Assert.Contains("reached the maximum depth 2", d[2].Reason);
        Assert.Contains("keeping depth 2", d[2].Reason);
    }

    [Fact]
    public void A_backbone_without_blocks_stops_after_the_head()
    {
        var d = new AdaptivePolicy(0.005, 1, 0).Decide(Ladder.History(0.7));
        Assert.Equal((Stop, 0, (int?)null), (d.Action, d.ChosenDepth, d.NextDepth));
    }

    [Fact]
    public void A_history_that_went_on_after_a_stop_is_refused()
    {
        // Patience 0 stops at depth 1 (0.79 < 0.80); a depth-2 result means the stop was ignored.
        var e = Assert.Throws<ArgumentException>(() => new AdaptivePolicy(0.005, 0, 5).Decide(Ladder.History(0.80, 0.79, 0.83)));
        Assert.Contains("should have stopped at depth 1", e.Message);
    }

    [Fact]
    public void A_threshold_below_zero_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdaptivePolicy(-0.01, 1, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdaptivePolicy(double.NaN, 1, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdaptivePolicy(0.005, -1, 5));
    }
}
