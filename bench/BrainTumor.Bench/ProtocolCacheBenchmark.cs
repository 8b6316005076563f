using System.CommandLine;
using System.Diagnostics;
using BrainTumor.Protocol.Supervision;
using BrainTumor.Learning.Weights;
using BrainTumor.Learning.Training;

namespace BrainTumor.Bench;

/// <summary>
/// The whole block-wise protocol (every fold's ladder under the supervisor, then its test) through
/// the library (<see cref="FoldRunner"/>, no Orleans) three ways: frozen-prefix outputs shared by
/// every fold and stage (<see cref="FrozenFeatureStore"/>, as the platform runs it), a cache filled
/// per fold and stage, and plain recomputation; fold by fold interleaved (fold 1 each way, fold 2
/// each way ...) so machine noise hits all. Both caches are exact in float32, so every side must take
/// the same decisions and reach the same test accuracy and loss; the command checks and reports that.
/// </summary>
internal static class ProtocolCacheBenchmark
{
    public static Command Create()
    {
        var options = new ProtocolOptions("data/sample", "adaptive:threshold=0.005,patience=1,max_depth=3", epochsDefault: 5);
        var checkpoints = new Option<bool>("--checkpoints") { Description = "Checkpoint every epoch, as a resumable run does.", DefaultValueFactory = _ => true };
        var output = new Option<string?>("--out") { Description = "JSON result file (default artifacts/bench/protocol-cache.json)." };
        var command = options.AddTo(new Command("protocol-cache", "Wall time of the whole protocol with the activation cache vs plain recomputation, fold by fold.") { checkpoints, output });
        command.SetAction(parse => Run(options, parse, parse.GetValue(checkpoints), parse.GetValue(output)));
        return command;
    }

    private static int Run(ProtocolOptions options, ParseResult parse, bool checkpoints, string? output)
    {
        var backbone = options.BackboneOf(parse);
        var recipe = options.Recipe(parse);
        var policy = SupervisorPolicies.Parse(parse.GetValue(options.Policy)!, backbone.Blocks.BodyBlockCount);
        var loadAtStart = Measurement.LoadAverage();
        Console.WriteLine($"protocol-cache: {backbone.Name}, {parse.GetValue(options.Dataset)}, policy {policy.Text}, {recipe}, checkpoints {checkpoints}; load average {loadAtStart}");
        var (plan, slices) = ProtocolFolds.Load(parse.GetValue(options.Dataset)!, backbone, parse.GetValue(options.FoldsFrom)!, recipe.Seed);
        // The shared store needs the same frozen weights in every fold: the packaged ImageNet weights
        // (the folds' seeds only draw the head). A backbone built with random weights cannot share.
        using var store = new FrozenFeatureStore(4L << 30);
        SharedFeatures? shared = backbone.DefaultWeights is PackagedWeights ? new SharedFeatures(store, $"{backbone.Name}|packaged|{backbone.InputSize}") : null;
        var runs = new List<(string Name, TrainingRecipe Recipe, SharedFeatures? Shared)>
        {
            ("cache", recipe, null),
            ("recompute", recipe with { Cache = new ActivationCacheOptions { Enabled = false } }, null),
        };
        if (shared is not null)
            runs.Insert(0, ("shared", recipe, shared));
        else
            Console.WriteLine($"  {backbone.Name} starts from random weights here: no shared side");
        var folds = new List<object>();
        var seconds = runs.ToDictionary(r => r.Name, _ => 0.0);
        var identical = true;
        var root = Directory.CreateTempSubdirectory("braintumor-protocol-cache-");
        try
        {
            foreach (var fold in plan.Folds)
            {
                var outcomes = new Dictionary<string, (FoldOutcome Outcome, double Seconds)>();
                foreach (var (name, runRecipe, runShared) in runs)
                {
                    var watch = Stopwatch.StartNew();
                    var folder = checkpoints ? Path.Combine(root.FullName, name, $"fold-{fold.Number}") : null;
                    var outcome = ProtocolFolds.Run(slices, fold, backbone, runRecipe, policy, folder, $" ({name})", shared: runShared);
                    outcomes[name] = (outcome, watch.Elapsed.TotalSeconds);
                    seconds[name] += outcomes[name].Seconds;
                }
                // Exact in float32: any difference is a bug, reported (not thrown) so the timings survive.
                var reference = outcomes["recompute"].Outcome;
                var same = outcomes.Values.All(o => o.Outcome.ChosenDepth == reference.ChosenDepth && o.Outcome.Test.Accuracy == reference.Test.Accuracy && o.Outcome.TestLoss == reference.TestLoss);
                identical &= same;
                Console.WriteLine($"  fold {fold.Number}: " + string.Join(", ", outcomes.Select(o => FormattableString.Invariant($"{o.Key} {o.Value.Seconds:F1} s"))) +
                                  FormattableString.Invariant($"; depth {reference.ChosenDepth}, test accuracy {reference.Test.Accuracy:F4}{(same ? ", the same on every side" : ": DIFFERENT")}"));
                folds.Add(new
                {
                    fold = fold.Number,
                    identical = same,
                    chosen_depth = reference.ChosenDepth,
                    stages = reference.Stages.Count,
                    test_accuracy = reference.Test.Accuracy,
                    seconds = outcomes.ToDictionary(o => o.Key, o => o.Value.Seconds),
                    cache_fill_seconds = outcomes.ToDictionary(o => o.Key, o => o.Value.Outcome.Stages.Sum(s => s.Cache.BuildSeconds)),
                    stages_by_side = outcomes.ToDictionary(o => o.Key, o => o.Value.Outcome.Stages),
                });
            }
        }
        finally
        {
            root.Delete(recursive: true);
        }
        var result = new
        {
            benchmark = "protocol-cache",
            command = "dotnet run -c Release --project bench/BrainTumor.Bench -- protocol-cache " + string.Join(' ', ProtocolOptions.Arguments(parse)),
            backbone = backbone.Name,
            policy = policy.Text,
            recipe = recipe.ToString(),
            checkpoints,
            folds_planned = plan.K,
            minutes = seconds.ToDictionary(s => s.Key, s => s.Value / 60),
            speedup_over_recompute = seconds.ToDictionary(s => s.Key, s => seconds["recompute"] / s.Value),
            identical_outcomes = identical,
            load_average_start = loadAtStart,
            load_average_end = Measurement.LoadAverage(),
            folds,
        };
        Console.WriteLine($"whole protocol, {plan.K} folds: " +
                          string.Join(", ", seconds.Select(s => FormattableString.Invariant($"{s.Key} {s.Value / 60:F2} min ({seconds["recompute"] / s.Value:F2}x)"))) +
                          $"; {(identical ? "the same" : "DIFFERENT")} decisions and test results; load average {result.load_average_end}");
        Console.WriteLine($"  written to {Measurement.Write("protocol-cache", result, output)}");
        return 0;
    }
}
