using System.CommandLine;
using System.Diagnostics;
using BrainTumor.Learning.Supervision;
using BrainTumor.Learning.Training;

namespace BrainTumor.Bench;

/// <summary>
/// The whole block-wise protocol (every fold's ladder under the supervisor, then its test) through
/// the library (<see cref="FoldRunner"/>, no Orleans), with the frozen-prefix activation cache and
/// with plain recomputation, fold by fold interleaved (cached fold 1, recomputed fold 1, cached
/// fold 2 ...) so machine noise hits both. The cache is exact in float32, so both runs must take
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
        var runs = new (string Name, TrainingRecipe Recipe)[] { ("cache", recipe), ("recompute", recipe with { Cache = new ActivationCacheOptions { Enabled = false } }) };
        var folds = new List<object>();
        var seconds = runs.ToDictionary(r => r.Name, _ => 0.0);
        var identical = true;
        var root = Directory.CreateTempSubdirectory("braintumor-protocol-cache-");
        try
        {
            foreach (var fold in plan.Folds)
            {
                var outcomes = new Dictionary<string, (FoldOutcome Outcome, double Seconds)>();
                foreach (var (name, runRecipe) in runs)
                {
                    var watch = Stopwatch.StartNew();
                    var folder = checkpoints ? Path.Combine(root.FullName, name, $"fold-{fold.Number}") : null;
                    var outcome = ProtocolFolds.Run(slices, fold, backbone, runRecipe, policy, folder, $" ({name})");
                    outcomes[name] = (outcome, watch.Elapsed.TotalSeconds);
                    seconds[name] += outcomes[name].Seconds;
                }
                var (cached, recomputed) = (outcomes["cache"].Outcome, outcomes["recompute"].Outcome);
                // Exact in float32: any difference is a bug, reported (not thrown) so the timings survive.
                var same = cached.ChosenDepth == recomputed.ChosenDepth && cached.Test.Accuracy == recomputed.Test.Accuracy && cached.TestLoss == recomputed.TestLoss;
                identical &= same;
                Console.WriteLine($"  fold {fold.Number}: cache {outcomes["cache"].Seconds:F1} s, recompute {outcomes["recompute"].Seconds:F1} s: " +
                                  $"{outcomes["recompute"].Seconds / outcomes["cache"].Seconds:F2}x; depth {cached.ChosenDepth} vs {recomputed.ChosenDepth}, " +
                                  $"test accuracy {cached.Test.Accuracy:F4} vs {recomputed.Test.Accuracy:F4}{(same ? "" : ": DIFFERENT")}");
                folds.Add(new
                {
                    fold = fold.Number,
                    identical = same,
                    chosen_depth = cached.ChosenDepth,
                    stages = cached.Stages.Count,
                    test_accuracy = cached.Test.Accuracy,
                    cache_seconds = outcomes["cache"].Seconds,
                    recompute_seconds = outcomes["recompute"].Seconds,
                    speedup = outcomes["recompute"].Seconds / outcomes["cache"].Seconds,
                    cache_fill_seconds = cached.Stages.Sum(s => s.Cache.BuildSeconds),
                    cache_stages = cached.Stages,
                    recompute_stages = recomputed.Stages,
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
            cache_minutes = seconds["cache"] / 60,
            recompute_minutes = seconds["recompute"] / 60,
            speedup = seconds["recompute"] / seconds["cache"],
            identical_outcomes = identical,
            load_average_start = loadAtStart,
            load_average_end = Measurement.LoadAverage(),
            folds,
        };
        Console.WriteLine($"whole protocol, {plan.K} folds: cache {result.cache_minutes:F1} min, recompute {result.recompute_minutes:F1} min: {result.speedup:F2}x " +
                          $"({(identical ? "same" : "DIFFERENT")} decisions and test accuracies); load average {result.load_average_end}");
        Console.WriteLine($"  written to {Measurement.Write("protocol-cache", result, output)}");
        return 0;
    }
}
