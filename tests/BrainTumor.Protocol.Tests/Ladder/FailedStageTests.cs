using System.Text.Json;
using BrainTumor.Protocol.Ladder;
using BrainTumor.Protocol.Supervision;

namespace BrainTumor.Protocol.Tests.Ladder;

public class FailedStageTests
{
    private const string Diverged = "the training loss became NaN at epoch 3";

    private static StageResult Result(int depth, double accuracy, int bestEpoch = 2) => new(depth, "accuracy", accuracy, 1 - accuracy, bestEpoch);

    private static StageResult Failed(int depth, double accuracy = 0.95, int bestEpoch = 2) => Result(depth, accuracy, bestEpoch) with { Failure = Diverged };

    [Fact]
    public void A_failed_stage_stops_the_ladder_at_the_best_finished_depth_and_replays_to_the_same_state()
    {
        var ladder = new FoldLadder(SupervisorPolicies.Parse("adaptive", 5), seed: 3);
        // The failed stage's best finite epoch beat every finished depth: it is still not kept, as it did not finish.
        var results = new[] { Result(0, 0.80), Result(1, 0.86), Result(2, 0.84), Failed(3, accuracy: 0.95) };
        var state = results.Aggregate(LadderState.Start, ladder.StageTrained);

        Assert.Equal([SupervisorAction.Deeper, SupervisorAction.Deeper, SupervisorAction.Deeper, SupervisorAction.Stop], state.Decisions.Select(d => d.Action));
        var stop = state.Decisions[^1];
        Assert.Equal(3, stop.Depth);
        Assert.Equal(1, stop.ChosenDepth);
        Assert.Equal(1, stop.BestDepth);
        Assert.Equal(0.86, stop.BestMetric);
        Assert.Null(stop.Gain);
        Assert.Null(stop.NextDepth);
        Assert.Equal("adaptive:threshold=0.005,patience=1,max_depth=5", stop.Policy);
        Assert.Equal($"depth 3 failed: {Diverged}; keeping the best finished depth 1 (accuracy 0.8600)", stop.Reason);
        Assert.Equal(1, state.ChosenDepth);
        Assert.Equal(new LadderStep.Test(1), ladder.Next(state));

        var replayed = ladder.Replay(results, tested: false);
        Assert.Equal(state.Decisions, replayed.Decisions);
        Assert.Equal(ladder.Next(state), ladder.Next(replayed));
        Assert.Equal(new LadderStep.Done(1), ladder.Next(ladder.Replay(results, tested: true)));
    }

    [Fact]
    public void A_fixed_policy_that_cannot_reach_its_depth_keeps_the_best_finished_one_and_a_refit_trains_up_to_it()
    {
        var ladder = new FoldLadder(SupervisorPolicies.Parse("fixed:4", 5), seed: 9, refit: true);
        var state = new[] { Result(0, 0.80, bestEpoch: 3), Result(1, 0.78, bestEpoch: 1), Failed(2) }.Aggregate(LadderState.Start, ladder.StageTrained);
        Assert.Equal(0, state.ChosenDepth);
        Assert.Equal(new LadderStep.RefitStage(0, 3, new StageSeeds(9, 0)), ladder.Next(state));
        Assert.Equal(new LadderStep.Test(0, Refitted: true), ladder.Next(ladder.StageRefitted(state, 0)));
    }

    [Fact]
    public void A_failed_stage_0_fails_the_fold_with_its_reason_and_accepts_nothing_more()
    {
        var ladder = new FoldLadder(SupervisorPolicies.Parse("adaptive", 5), seed: 3);
        var state = ladder.StageTrained(LadderState.Start, Failed(0, bestEpoch: 0));
        var failed = new LadderStep.Failed($"stage 0 failed: {Diverged}; no finished depth to test");
        Assert.Equal(failed, ladder.Next(state));
        Assert.Empty(state.Decisions);
        Assert.Null(state.ChosenDepth);
        Assert.Equal(failed, ladder.Next(ladder.Replay([Failed(0, bestEpoch: 0)], tested: false)));
        Assert.Equal($"fold ladder: a result for stage 1 when the next step is none (the fold failed: {failed.Reason})",
            Assert.Throws<InvalidOperationException>(() => ladder.StageTrained(state, Result(1, 0.9))).Message);
        Assert.Throws<InvalidOperationException>(() => ladder.Tested(state));
    }

    [Fact]
    public void Policies_judge_finished_stages_only()
    {
        var policy = SupervisorPolicies.Parse("exhaustive", 5);
        var error = Assert.Throws<ArgumentException>(() => policy.Decide([Result(0, 0.8), Failed(1)]));
        Assert.StartsWith($"exhaustive:max_depth=5: depth 1 failed ({Diverged}); a policy judges finished stages only", error.Message);
        Assert.StartsWith($"exhaustive:max_depth=5: depth 0 failed ({Diverged}); there is no finished depth to keep",
            Assert.Throws<ArgumentException>(() => StageFailures.Decide(policy, [Failed(0)])).Message);
        Assert.StartsWith("exhaustive:max_depth=5: depth 0 failed", Assert.Throws<ArgumentException>(() => StageFailures.Decide(policy, [Failed(0), Failed(1)])).Message);
        Assert.Equal(policy.Decide([Result(0, 0.8)]), StageFailures.Decide(policy, [Result(0, 0.8)]));
    }

    [Fact]
    public void A_stage_result_carries_its_failure_in_json_and_a_finished_one_leaves_it_out()
    {
        var failed = JsonSerializer.Serialize(Failed(2));
        Assert.Contains($"\"failure\":\"{Diverged}\"", failed);
        Assert.Equal(Failed(2), JsonSerializer.Deserialize<StageResult>(failed));
        Assert.DoesNotContain("failure", JsonSerializer.Serialize(Result(2, 0.8)));
        Assert.False(Result(2, 0.8).Failed);
        Assert.True(Failed(2).Failed);
    }
}
