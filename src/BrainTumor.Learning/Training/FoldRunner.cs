using System.Text.Json.Serialization;
using BrainTumor.Learning.Backbones;
using BrainTumor.Protocol.Metrics;
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
    [property: JsonPropertyName("test_loss")] double TestLoss,
    [property: JsonPropertyName("seconds")] double Seconds);

/// <summary>
/// Walks one fold's fine-tuning ladder with a supervisor policy (library API, no Orleans): stage 0,
/// then one block deeper while the policy says so, each stage starting from the previous stage's
/// best weights; then tests the chosen depth's best weights once on the fold's test part (the test
/// part never steers anything). With a run folder, each stage checkpoints to
/// <c>stage-{k}.ckpt</c> in it and a rerun resumes.
/// </summary>
public sealed class FoldRunner(StageTrainer trainer, ISupervisorPolicy policy)
{
    /// <summary>Called after each stage with its outcome and the supervisor's decision.</summary>
    public Action<StageOutcome, SupervisorDecision>? StageCompleted { get; init; }

    public FoldOutcome Run(nn.Module<Tensor, Tensor> model, StageData data, int fold, string? runFolder = null)
    {
        var started = DateTime.UtcNow;
        var stages = new List<StageOutcome>();
        var decisions = new List<SupervisorDecision>();
        Dictionary<string, Tensor>? chosen = null;
        var chosenDepth = -1;
        try
        {
            for (var depth = 0; ; depth++)
            {
                var checkpoint = runFolder is null ? null : Path.Combine(runFolder, $"stage-{depth}.ckpt");
                var outcome = trainer.Train(model, data, depth, checkpoint);
                stages.Add(outcome);
                var decision = policy.Decide([.. stages.Select(s => s.ToStageResult())]);
                decisions.Add(decision);
                if (decision.ChosenDepth == depth)
                {
                    WeightsSnapshot.Release(chosen);
                    chosen = WeightsSnapshot.Take(model);
                    chosenDepth = depth;
                }
                StageCompleted?.Invoke(outcome, decision);
                if (decision.Action == SupervisorAction.Stop)
                    break;
            }
            if (chosen is not null && chosenDepth != stages[^1].Depth)
                WeightsSnapshot.Copy(chosen, model.state_dict());
            var test = trainer.Shared is { } shared
                ? Evaluation.Run(model, data, data.Test, trainer.Recipe.BatchSize, decisions[^1].ChosenDepth, shared)
                : Evaluation.Run(model, data, data.Test, trainer.Recipe.BatchSize);
            return new FoldOutcome(fold, stages, decisions, decisions[^1].ChosenDepth, test.Metrics(), test.Loss, (DateTime.UtcNow - started).TotalSeconds);
        }
        finally
        {
            WeightsSnapshot.Release(chosen);
        }
    }
}
