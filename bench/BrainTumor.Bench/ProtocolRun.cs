using System.CommandLine;
using System.Diagnostics;
using BrainTumor.Imaging.Folds;
using BrainTumor.Imaging.Storage;
using BrainTumor.Learning.Backbones;
using BrainTumor.Protocol.Metrics;
using BrainTumor.Learning.Prediction;
using BrainTumor.Protocol.Specs;
using BrainTumor.Protocol.Supervision;
using BrainTumor.Learning.Training;
using BrainTumor.Learning.Weights;
using static TorchSharp.torch;

namespace BrainTumor.Bench;

/// <summary>
/// The whole protocol through the library API (no Orleans): patient-disjoint folds, for each fold
/// the block-wise ladder under a supervisor policy, the chosen depth tested once, then mean ± sd
/// over folds. Checkpoints go under the run folder, so a rerun of the same command resumes; the
/// folder also gets spec.json, folds.json and each fold's chosen weights and depth
/// (<see cref="RunFiles"/>), so prediction and saliency can load it like a platform run.
/// </summary>
internal static class ProtocolRun
{
    public static Command Create()
    {
        var options = new ProtocolOptions("../shared/data/cemri", "adaptive", epochsDefault: 6);
        var run = new Option<string>("--run") { Description = "Run folder (checkpoints, results).", DefaultValueFactory = _ => "artifacts/protocol/run" };
        var command = options.AddTo(new Command("protocol", "The block-wise fine-tuning protocol over patient-disjoint folds, through the library API.") { run });
        command.SetAction(parse => Run(parse.GetValue(options.Dataset)!, options.BackboneOf(parse), parse.GetValue(options.FoldsFrom)!, parse.GetValue(options.Policy)!,
            options.Recipe(parse), parse.GetValue(run)!, ProtocolOptions.Arguments(parse)));
        return command;
    }

    private static int Run(string dataset, BackboneDefinition backbone, string foldsFrom, string policyText, TrainingRecipe recipe, string runFolder, IEnumerable<string> args)
    {
        var watch = Stopwatch.StartNew();
        var policy = SupervisorPolicies.Parse(policyText, backbone.Blocks.BodyBlockCount);
        Console.WriteLine($"protocol: {backbone.Name} at {backbone.InputSize}, {dataset}, folds from {foldsFrom}, policy {policy.Text}, {recipe}");
        if (backbone is not ResNet18ImageNetBackbone)
            Console.WriteLine(WeightsChoice.For(backbone, "weights").Describe());
        var (plan, slices) = ProtocolFolds.Load(dataset, backbone, foldsFrom, recipe.Seed);
        SaveRunDescription(runFolder, dataset, backbone, plan);

        var outcomes = new List<FoldOutcome>();
        foreach (var fold in plan.Folds)
        {
            var outcome = ProtocolFolds.Run(slices, fold, backbone, recipe, policy, Path.Combine(runFolder, $"fold-{fold.Number}"),
                keep: (o, model) => SaveChosenWeights(runFolder, o, model));
            outcomes.Add(outcome);
            Measurement.Write("protocol", Result(dataset, backbone, policy, recipe, plan, outcomes, watch, args), Path.Combine(runFolder, "protocol.json"));
        }
        var summary = FoldSummary.Of([.. outcomes.Select(o => new FoldMetrics(o.Fold, o.Test))]);
        Console.WriteLine(FormattableString.Invariant($"mean test accuracy {summary.MeanAccuracy:P2} +- {summary.SdAccuracy ?? 0:P2} over {outcomes.Count} folds; chosen depths {string.Join(", ", outcomes.Select(o => o.ChosenDepth))}; wall {watch.Elapsed.TotalMinutes:F1} min"));
        foreach (var (label, m) in summary.PerClass)
            Console.WriteLine(FormattableString.Invariant($"  {label}: recall {m.Recall.Mean:F4} +- {m.Recall.Sd ?? 0:F4}, precision {m.Precision.Mean:F4}, F1 {m.F1.Mean:F4}, AUC {m.Auc?.Mean:F4}"));
        Console.WriteLine($"  written to {Measurement.Write("protocol", Result(dataset, backbone, policy, recipe, plan, outcomes, watch, args), Path.Combine(runFolder, "protocol.json"))}");
        return 0;
    }

    /// <summary>The run folder's spec.json and folds.json, so prediction (<see cref="FoldEnsemble"/>) can load it like a platform run.</summary>
    private static void SaveRunDescription(string runFolder, string dataset, BackboneDefinition backbone, FoldPlan plan)
    {
        SpecFile.Write(RunFiles.Spec(runFolder), new ExperimentSpec { Backbone = backbone.Name, InputSize = backbone.InputSize, Dataset = Path.GetFullPath(dataset) });
        FoldPlanStore.Save(plan, RunFiles.Plan(runFolder));
    }

    /// <summary>The fold's chosen depth and its weights (the model holds them after the fold's test), as a platform run keeps them.</summary>
    private static void SaveChosenWeights(string runFolder, FoldOutcome outcome, nn.Module model)
    {
        AtomicFile.Write(RunFiles.Weights(runFolder, outcome.Fold, outcome.ChosenDepth), partial => model.save(partial));
        new FoldChoice(outcome.Fold, outcome.ChosenDepth).Write(RunFiles.TestResult(runFolder, outcome.Fold));
    }

    private static object Result(string dataset, BackboneDefinition backbone, ISupervisorPolicy policy, TrainingRecipe recipe, FoldPlan plan,
        List<FoldOutcome> outcomes, Stopwatch watch, IEnumerable<string> args) => new
    {
        benchmark = "protocol",
        command = "dotnet run -c Release --project bench/BrainTumor.Bench -- protocol " + string.Join(' ', args),
        dataset = Path.GetFullPath(dataset),
        backbone = backbone.Name,
        policy = policy.Text,
        recipe = recipe.ToString(),
        folds_planned = plan.K,
        folds_done = outcomes.Count,
        wall_minutes = Math.Round(watch.Elapsed.TotalMinutes, 2),
        summary = outcomes.Count == 0 ? null : FoldSummary.Of([.. outcomes.Select(o => new FoldMetrics(o.Fold, o.Test))]),
        folds = outcomes,
    };
}
