using System.Diagnostics;
using BrainTumor.Imaging.Folds;
using BrainTumor.Imaging.Preprocessing;
using BrainTumor.Imaging.Reading;
using BrainTumor.Learning.Backbones;
using BrainTumor.Protocol.Supervision;
using BrainTumor.Learning.Training;
using static TorchSharp.torch;

namespace BrainTumor.Bench;

/// <summary>What the protocol commands share: a dataset's slices and fold plan, and one fold's ladder through <see cref="FoldRunner"/> with progress lines.</summary>
internal static class ProtocolFolds
{
    public static (FoldPlan Plan, PreprocessedSlices Slices) Load(string dataset, BackboneDefinition backbone, string foldsFrom, int seed)
    {
        var watch = Stopwatch.StartNew();
        var reader = DatasetReaders.ForFolder(dataset);
        var index = reader.Index(dataset);
        var plan = new FoldRequest(FoldsFrom: foldsFrom, Seed: seed).Plan(index.Items, index.FoldAttributes);
        var slices = PreprocessedLoader.Load(reader, index.Items, backbone.InputSize, new PreprocessedSliceCache(Path.Combine(".cache", "preprocessed")));
        Console.WriteLine($"  {slices.Count} slices loaded ({slices.CacheHits} from the preprocessed cache) in {watch.Elapsed.TotalSeconds:F0} s; {plan.K} folds");
        return (plan, slices);
    }

    /// <summary>
    /// One fold's ladder from a fresh network seeded by fold; checkpoints under <paramref name="foldFolder"/> when given.
    /// <paramref name="keep"/> sees the network after the fold's test (it holds the chosen depth's weights then).
    /// </summary>
    public static FoldOutcome Run(PreprocessedSlices slices, Fold fold, BackboneDefinition backbone, TrainingRecipe recipe, ISupervisorPolicy policy, string? foldFolder,
        string label = "", Action<FoldOutcome, nn.Module>? keep = null, SharedFeatures? shared = null)
    {
        var data = StageData.FromFold(slices, fold, backbone.Normalization);
        Console.WriteLine($"fold {fold.Number}{label}: train {data.Train.Count}, validation {data.Validation.Count}, test {data.Test.Count}");
        manual_seed(recipe.Seed + fold.Number);
        using var model = backbone.Create(3);
        var trainer = new StageTrainer(recipe)
        {
            Shared = shared,
            EpochCompleted = e => Console.WriteLine(FormattableString.Invariant(
                $"    epoch {e.Epoch}: train loss {e.TrainLoss:F4} acc {e.TrainAccuracy:F4}, validation loss {e.ValidationLoss:F4} acc {e.ValidationAccuracy:F4}{(e.Improved ? " *" : "")} ({e.Seconds:F1} s)")),
        };
        var runner = new FoldRunner(trainer, policy)
        {
            StageCompleted = (stage, decision) => Console.WriteLine(FormattableString.Invariant(
                $"  stage {stage.Depth}: best epoch {stage.BestEpoch}/{stage.EpochsRun}, validation acc {stage.BestValidationAccuracy:F4}, {stage.Seconds:F0} s, {stage.Cache} -> {decision.Action}: {decision.Reason}")),
        };
        var outcome = runner.Run(model, data, fold.Number, foldFolder);
        keep?.Invoke(outcome, model);
        Console.WriteLine(FormattableString.Invariant($"  fold {fold.Number}{label}: depth {outcome.ChosenDepth}, test accuracy {outcome.Test.Accuracy:F4} ({outcome.Seconds:F0} s)"));
        return outcome;
    }
}
