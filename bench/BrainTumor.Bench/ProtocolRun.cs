using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using BrainTumor.Imaging.Folds;
using BrainTumor.Imaging.Preprocessing;
using BrainTumor.Imaging.Reading;
using BrainTumor.Imaging.Storage;
using BrainTumor.Learning.Backbones;
using BrainTumor.Learning.Metrics;
using BrainTumor.Learning.Prediction;
using BrainTumor.Learning.Supervision;
using BrainTumor.Learning.Training;
using BrainTumor.Learning.Weights;
using TorchSharp;
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
        var dataset = new Option<string>("--dataset") { Description = "Dataset folder.", DefaultValueFactory = _ => "../shared/data/cemri" };
        var backbone = new Option<string>("--backbone") { Description = "Backbone name.", DefaultValueFactory = _ => "resnet18-imagenet" };
        var foldsFrom = new Option<string>("--folds-from") { Description = "Fold attribute of the data.", DefaultValueFactory = _ => "cheng_fold" };
        var policy = new Option<string>("--policy") { Description = "Supervisor policy.", DefaultValueFactory = _ => "adaptive" };
        var epochs = new Option<int>("--epochs") { Description = "Most epochs per stage.", DefaultValueFactory = _ => 6 };
        var patience = new Option<int>("--patience") { Description = "Early-stopping patience (epochs).", DefaultValueFactory = _ => 2 };
        var lr = new Option<double>("--lr") { Description = "Head learning rate.", DefaultValueFactory = _ => 0.01 };
        var factor = new Option<double>("--block-lr-factor") { Description = "Learning-rate factor per block below the head.", DefaultValueFactory = _ => 0.1 };
        var batch = new Option<int>("--batch") { Description = "Batch size.", DefaultValueFactory = _ => 32 };
        var augment = new Option<bool>("--augment") { Description = "Horizontal flips (bypasses the activation cache)." };
        var seed = new Option<int>("--seed") { Description = "Seed.", DefaultValueFactory = _ => 42 };
        var run = new Option<string>("--run") { Description = "Run folder (checkpoints, results).", DefaultValueFactory = _ => "artifacts/protocol/run" };
        var command = new Command("protocol", "The block-wise fine-tuning protocol over patient-disjoint folds, through the library API.")
            { dataset, backbone, foldsFrom, policy, epochs, patience, lr, factor, batch, augment, seed, run };
        command.SetAction(parse =>
        {
            var recipe = new TrainingRecipe
            {
                MaxEpochs = parse.GetValue(epochs), Patience = parse.GetValue(patience), LearningRate = parse.GetValue(lr),
                BlockLrFactor = parse.GetValue(factor), BatchSize = parse.GetValue(batch), Augment = parse.GetValue(augment),
                Seed = parse.GetValue(seed), Threads = Environment.ProcessorCount, WeightDecay = 1e-4,
            };
            return Run(parse.GetValue(dataset)!, BackboneRegistry.Get(parse.GetValue(backbone)!), parse.GetValue(foldsFrom)!, parse.GetValue(policy)!, recipe, parse.GetValue(run)!, args: parse.Tokens.Where(t => t.Type != System.CommandLine.Parsing.TokenType.Command).Select(t => t.Value));
        });
        return command;
    }

    private static int Run(string dataset, BackboneDefinition backbone, string foldsFrom, string policyText, TrainingRecipe recipe, string runFolder, IEnumerable<string> args)
    {
        var watch = Stopwatch.StartNew();
        var policy = SupervisorPolicies.Parse(policyText, backbone.Blocks.BodyBlockCount);
        Console.WriteLine($"protocol: {backbone.Name} at {backbone.InputSize}, {dataset}, folds from {foldsFrom}, policy {policy.Text}, {recipe}");
        if (backbone is not ResNet18ImageNetBackbone)
            Console.WriteLine(WeightsChoice.For(backbone, "weights").Describe());
        var reader = DatasetReaders.ForFolder(dataset);
        var index = reader.Index(dataset);
        var plan = new FoldRequest(FoldsFrom: foldsFrom, Seed: recipe.Seed).Plan(index.Items, index.FoldAttributes);
        var slices = PreprocessedLoader.Load(reader, index.Items, backbone.InputSize, new PreprocessedSliceCache(Path.Combine(".cache", "preprocessed")));
        SaveRunDescription(runFolder, dataset, backbone, plan);
        Console.WriteLine($"  {slices.Count} slices loaded ({slices.CacheHits} from the preprocessed cache) in {watch.Elapsed.TotalSeconds:F0} s; {plan.K} folds");

        var outcomes = new List<FoldOutcome>();
        foreach (var fold in plan.Folds)
        {
            var data = StageData.FromFold(slices, fold, backbone.Normalization);
            Console.WriteLine($"fold {fold.Number}: train {data.Train.Count}, validation {data.Validation.Count}, test {data.Test.Count}");
            manual_seed(recipe.Seed + fold.Number);
            using var model = backbone.Create(3);
            var trainer = new StageTrainer(recipe)
            {
                EpochCompleted = e => Console.WriteLine(FormattableString.Invariant(
                    $"    epoch {e.Epoch}: train loss {e.TrainLoss:F4} acc {e.TrainAccuracy:F4}, validation loss {e.ValidationLoss:F4} acc {e.ValidationAccuracy:F4}{(e.Improved ? " *" : "")} ({e.Seconds:F1} s)")),
            };
            var runner = new FoldRunner(trainer, policy)
            {
                StageCompleted = (stage, decision) => Console.WriteLine(FormattableString.Invariant(
                    $"  stage {stage.Depth}: best epoch {stage.BestEpoch}/{stage.EpochsRun}, validation acc {stage.BestValidationAccuracy:F4}, {stage.Seconds:F0} s, {stage.Cache} -> {decision.Action}: {decision.Reason}")),
            };
            var outcome = runner.Run(model, data, fold.Number, Path.Combine(runFolder, $"fold-{fold.Number}"));
            outcomes.Add(outcome);
            SaveChosenWeights(runFolder, outcome, model);
            Console.WriteLine(FormattableString.Invariant($"  fold {fold.Number}: depth {outcome.ChosenDepth}, test accuracy {outcome.Test.Accuracy:F4} ({outcome.Seconds:F0} s)"));
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
        new RunSpec { Backbone = backbone.Name, InputSize = backbone.InputSize, Dataset = Path.GetFullPath(dataset) }.Write(RunFiles.Spec(runFolder));
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
