using BrainTumor.Protocol.Ladder;
using BrainTumor.Protocol.Supervision;

namespace BrainTumor.Protocol.Tests.Ladder;

public class FoldLadderTests
{
    private static StageResult Result(int depth, double accuracy, int bestEpoch = 0) => new(depth, "accuracy", accuracy, 1 - accuracy, bestEpoch);

    [Fact]
    public void A_refitting_ladder_trains_the_kept_stages_again_for_their_best_epochs_then_tests_the_refit()
    {
        var ladder = new FoldLadder(SupervisorPolicies.Parse("exhaustive:max_depth=2", 5), seed: 9, refit: true);
        var state = LadderState.Start;
        var steps = new List<LadderStep>();
        var results = new[] { Result(0, 0.80, bestEpoch: 3), Result(1, 0.90, bestEpoch: 0), Result(2, 0.85, bestEpoch: 4) };
        while (ladder.Next(state) is var step && step is not LadderStep.Done)
        {
            steps.Add(step);
            state = step switch
            {
                LadderStep.TrainStage t => ladder.StageTrained(state, results[t.Depth]),
                LadderStep.RefitStage r => ladder.StageRefitted(state, r.Depth),
                _ => ladder.Tested(state),
            };
        }
        // Depth 1 is kept, so stages 0 and 1 are refitted: 3 epochs, then 1 (a stage whose best was its start still trained one).
        Assert.Equal<LadderStep>(
            [new LadderStep.TrainStage(0, new StageSeeds(9, 0)), new LadderStep.TrainStage(1, new StageSeeds(9, 1)), new LadderStep.TrainStage(2, new StageSeeds(9, 2)),
             new LadderStep.RefitStage(0, 3, new StageSeeds(9, 0)), new LadderStep.RefitStage(1, 1, new StageSeeds(9, 1)), new LadderStep.Test(1, Refitted: true)],
            steps);
        Assert.Equal(2, state.Refitted);

        var replayed = ladder.Replay(results, tested: false, refitted: 1);
        Assert.Equal(new LadderStep.RefitStage(1, 1, new StageSeeds(9, 1)), ladder.Next(replayed));
        var stopped = ladder.Replay(results, tested: false);
        Assert.Equal("fold ladder: a refit of stage 1 when the next step is the refit of stage 0",
            Assert.Throws<InvalidOperationException>(() => ladder.StageRefitted(stopped, 1)).Message);
        Assert.Equal("fold ladder: a test result when the next step is the refit of stage 0", Assert.Throws<InvalidOperationException>(() => ladder.Tested(stopped)).Message);
        Assert.Equal("fold ladder: a refit of stage 0 when the next step is stage 0",
            Assert.Throws<InvalidOperationException>(() => ladder.StageRefitted(LadderState.Start, 0)).Message);
    }

    [Fact]
    public void Without_refit_no_refit_step_is_asked_for_and_none_is_accepted()
    {
        var ladder = new FoldLadder(SupervisorPolicies.Parse("fixed:0", 5), seed: 42);
        var stopped = ladder.StageTrained(LadderState.Start, Result(0, 0.7, bestEpoch: 2));
        Assert.Equal(new LadderStep.Test(0, Refitted: false), ladder.Next(stopped));
        Assert.Throws<InvalidOperationException>(() => ladder.StageRefitted(stopped, 0));
    }

    [Fact]
    public void A_fixed_policy_walks_stage_by_stage_then_tests_its_depth_once()
    {
        var ladder = new FoldLadder(SupervisorPolicies.Parse("fixed:2", 5), seed: 42);
        var state = LadderState.Start;
        var steps = new List<LadderStep>();
        while (ladder.Next(state) is var step && step is not LadderStep.Done)
        {
            steps.Add(step);
            state = step switch
            {
                LadderStep.TrainStage t => ladder.StageTrained(state, Result(t.Depth, 0.7)),
                _ => ladder.Tested(state),
            };
        }
        Assert.Equal<LadderStep>(
            [new LadderStep.TrainStage(0, new StageSeeds(42, 0)), new LadderStep.TrainStage(1, new StageSeeds(42, 1)), new LadderStep.TrainStage(2, new StageSeeds(42, 2)), new LadderStep.Test(2)],
            steps);
        Assert.Equal(new LadderStep.Done(2), ladder.Next(state));
        Assert.Equal([SupervisorAction.Deeper, SupervisorAction.Deeper, SupervisorAction.Stop], state.Decisions.Select(d => d.Action));
    }

    [Fact]
    public void An_exhaustive_ladder_keeps_the_depth_with_the_best_validation_not_the_last()
    {
        var ladder = new FoldLadder(SupervisorPolicies.Parse("exhaustive:max_depth=2", 5), seed: 1);
        var state = ladder.StageTrained(ladder.StageTrained(ladder.StageTrained(LadderState.Start, Result(0, 0.80)), Result(1, 0.90)), Result(2, 0.85));
        Assert.Equal(new LadderStep.Test(1), ladder.Next(state));
        Assert.Equal(1, state.ChosenDepth);
    }

    [Fact]
    public void Replaying_the_stored_results_gives_the_same_state_and_the_same_next_step()
    {
        var ladder = new FoldLadder(SupervisorPolicies.Parse("adaptive", 5), seed: 3);
        var walked = ladder.StageTrained(ladder.StageTrained(LadderState.Start, Result(0, 0.80)), Result(1, 0.86));
        var replayed = ladder.Replay([Result(0, 0.80), Result(1, 0.86)], tested: false);
        Assert.Equal(walked.Stages, replayed.Stages);
        Assert.Equal(walked.Decisions, replayed.Decisions);
        Assert.Equal(ladder.Next(walked), ladder.Next(replayed));
        Assert.Equal(new LadderStep.TrainStage(2, new StageSeeds(3, 2)), ladder.Next(replayed));
    }

    [Fact]
    public void A_result_for_another_step_is_refused_naming_what_was_expected()
    {
        var ladder = new FoldLadder(SupervisorPolicies.Parse("fixed:0", 5), seed: 42);
        var wrongDepth = Assert.Throws<InvalidOperationException>(() => ladder.StageTrained(LadderState.Start, Result(1, 0.5)));
        Assert.Equal("fold ladder: a result for stage 1 when the next step is stage 0", wrongDepth.Message);
        var early = Assert.Throws<InvalidOperationException>(() => ladder.Tested(LadderState.Start));
        Assert.Equal("fold ladder: a test result when the next step is stage 0", early.Message);
        var stopped = ladder.StageTrained(LadderState.Start, Result(0, 0.5));
        var afterStop = Assert.Throws<InvalidOperationException>(() => ladder.StageTrained(stopped, Result(1, 0.5)));
        Assert.Equal("fold ladder: a result for stage 1 when the next step is the test at depth 0", afterStop.Message);
        var done = ladder.Tested(stopped);
        Assert.Equal("fold ladder: a test result when the next step is none (the fold is done at depth 0)", Assert.Throws<InvalidOperationException>(() => ladder.Tested(done)).Message);
    }

    [Fact]
    public void Seeds_depend_on_the_experiment_seed_and_the_depth_only()
    {
        Assert.Equal(42 + 7919L * 3, new StageSeeds(42, 3).Initialisation);
        Assert.Equal(unchecked(42 * 1_000_003 + 3 * 10_007 + 5), new StageSeeds(42, 3).Epoch(5));
        Assert.NotEqual(new StageSeeds(42, 3).Epoch(5), new StageSeeds(42, 2).Epoch(5));
    }
}
