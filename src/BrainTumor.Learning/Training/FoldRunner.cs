using System.Text.Json.Serialization;
using BrainTumor.Learning.Backbones;
using BrainTumor.Protocol.Ladder;
using BrainTumor.Protocol.Metrics;
using BrainTumor.Protocol.Runs;
using BrainTumor.Protocol.Supervision;
using TorchSharp;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Training;

/// <summary>A fold's ladder: every stage trained, every supervisor decision, the chosen depth and its test metrics.</summary>
public sealed record FoldOutcome(
    [property: JsonPropertyName("fold")] int Fold,
    [property: JsonPropertyName("stages")] IReadOnlyList<StageOutcome> Stages,
    [property: JsonPropertyName("decisions")] IReadOnlyList<SupervisorDecision> Decisions,
    [property: JsonPropertyName("chosen_depth")] int ChosenDepth,
    [property: JsonPropertyName("test")] ClassificationMetrics Test,
    [property: JsonPropertyName("test_loss"), JsonConverter(typeof(NonFiniteAsNull))] double TestLoss,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("refits")] IReadOnlyList<StageOutcome> Refits);

/// <summary>
/// Runs one fold's fine-tuning ladder in this process (library API, no Orleans): the
/// <see cref="FoldLadder"/> says which stage comes next (stage 0, then one block deeper while the
/// policy says so, each from the previous stage's best weights) and which depth is tested once on
/// the fold's test part (the test part never steers anything); this class only trains and keeps
/// the chosen depth's weights. With <see cref="Refit"/>, the model restarts from the weights it was
/// given and trains the ladder's refit stages before the test. With a run folder, each stage
/// checkpoints to <c>stage-{k}.ckpt</c> (a refit stage to <c>refit-{k}.ckpt</c>) in it and a rerun resumes.
/// A stage that fails (non-finite numbers) ends the ladder at the best finished depth; a failed stage 0
/// throws <see cref="FoldFailedException"/>.
/// </summary>
public sealed class FoldRunner(StageTrainer trainer, ISupervisorPolicy policy)
{
    /// <summary>Train the kept stages again on the training and validation parts before the test (<see cref="FoldLadder"/>).</summary>
    public bool Refit { get; init; }

    /// <summary>Called after each stage with its outcome and the supervisor's decision.</summary>
    public Action<StageOutcome, SupervisorDecision>? StageCompleted { get; init; }

    public FoldOutcome Run(nn.Module<Tensor, Tensor> model, StageData data, int fold, string? runFolder = null)
    {
        var started = DateTime.UtcNow;
        var ladder = new FoldLadder(policy, trainer.Recipe.Seed, Refit);
        var state = LadderState.Start;
        var stages = new List<StageOutcome>();
        var refits = new List<StageOutcome>();
        Dictionary<string, Tensor>? chosen = null;
        var chosenDepth = -1;
        // A refit starts where stage 0 did: the given weights, its new head included.
        var start = Refit ? WeightsSnapshot.Take(model) : null;
        try
        {
            while (ladder.Next(state) is LadderStep.TrainStage step)
            {
                var checkpoint = runFolder is null ? null : Path.Combine(runFolder, $"stage-{step.Depth}.ckpt");
                var outcome = trainer.Train(model, data, step.Depth, checkpoint);
                stages.Add(outcome);
                state = ladder.StageTrained(state, outcome.ToStageResult());
                if (ladder.Next(state) is LadderStep.Failed failed)
                    throw new FoldFailedException(fold, failed.Reason);
                var decision = state.Decisions[^1];
                if (decision.ChosenDepth == step.Depth)
                {
                    WeightsSnapshot.Release(chosen);
                    chosen = WeightsSnapshot.Take(model);
                    chosenDepth = step.Depth;
                }
                StageCompleted?.Invoke(outcome, decision);
            }
            while (ladder.Next(state) is LadderStep.RefitStage refit)
            {
                if (refit.Depth == 0)
                    WeightsSnapshot.Copy(start!, model.state_dict());
                var checkpoint = runFolder is null ? null : Path.Combine(runFolder, $"refit-{refit.Depth}.ckpt");
                refits.Add(trainer.Refit(model, data, refit.Depth, refit.Epochs, checkpoint));
                state = ladder.StageRefitted(state, refit.Depth);
            }
            var testStep = (LadderStep.Test)ladder.Next(state);
            if (!testStep.Refitted && chosen is not null && chosenDepth != stages[^1].Depth)
                WeightsSnapshot.Copy(chosen, model.state_dict());
            var test = Evaluation.Test(model, data, trainer.Recipe, testStep.Depth, trainer.Shared);
            return new FoldOutcome(fold, stages, state.Decisions, testStep.Depth, test.Metrics(), test.Loss, (DateTime.UtcNow - started).TotalSeconds, refits);
        }
        finally
        {
            WeightsSnapshot.Release(chosen);
            WeightsSnapshot.Release(start);
        }
    }
}
