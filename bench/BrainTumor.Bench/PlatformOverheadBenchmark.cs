using System.CommandLine;
using BrainTumor.Reports;

namespace BrainTumor.Bench;

/// <summary>
/// Where a platform run's wall time went, from its report.json: the epochs' training and
/// validation passes, the activation-cache fills and the test passes are training; everything else
/// (Orleans calls and queueing, loading the preprocessed dataset for each job, building the network
/// and loading its weights, the per-epoch checkpoints and each stage's best weights, the report) is
/// outside it. With one device the jobs run one after another, so the parts add up to the wall time.
/// A test pass is timed as its whole job (its loading included), which counts that job's overhead as training.
/// </summary>
internal static class PlatformOverheadBenchmark
{
    public static Command Create()
    {
        var report = new Option<string>("--report") { Description = "report.json of a finished experiment (e.g. artifacts/runs/<id>/report.json after `braintumor demo --id <id>`).", Required = true };
        var output = new Option<string?>("--out") { Description = "JSON result file (default artifacts/bench/platform-overhead.json)." };
        var command = new Command("platform-overhead", "The share of a finished experiment's wall time spent outside training (Orleans, data, checkpoints), from its report.json.") { report, output };
        command.SetAction(parse => Run(parse.GetValue(report)!, parse.GetValue(output)));
        return command;
    }

    private static int Run(string reportPath, string? output)
    {
        if (!File.Exists(reportPath))
        {
            Console.Error.WriteLine($"error: --report {reportPath}: no such file; expected the report.json of a finished experiment");
            return 1;
        }
        var document = ReportJson.Read(reportPath);
        var timings = document.Timings;
        if (timings.WallSeconds is not { } wall || timings.TestSeconds is not { } test)
        {
            Console.Error.WriteLine($"error: --report {reportPath}: the experiment has not finished (no wall time or test times recorded)");
            return 1;
        }
        var stages = document.Folds.SelectMany(f => f.Stages).ToList();
        var epochs = stages.Sum(s => s.Epochs.Sum(e => e.Seconds));
        var fills = stages.Sum(s => s.Cache.BuildSeconds);
        var trainerOther = stages.Sum(s => s.Seconds) - epochs - fills; // inside the stage trainer: checkpoints, best-weight copies, the optimizer
        var training = epochs + fills + test;
        var outside = wall - training;
        var result = new
        {
            benchmark = "platform-overhead",
            command = $"dotnet run -c Release --project bench/BrainTumor.Bench -- platform-overhead --report {reportPath}",
            experiment = document.Id,
            folds = document.Folds.Count,
            stages = stages.Count,
            epochs = stages.Sum(s => s.Epochs.Count),
            wall_seconds = wall,
            epoch_seconds = epochs,
            cache_fill_seconds = fills,
            test_seconds = test,
            stage_trainer_other_seconds = trainerOther,
            outside_training_seconds = outside,
            outside_training_share = outside / wall,
        };
        Console.WriteLine(FormattableString.Invariant(
            $"{document.Id}: wall {wall:F1} s = epochs {epochs:F1} s + cache fills {fills:F1} s + test passes {test:F1} s + outside training {outside:F1} s ({result.outside_training_share:P1})"));
        Console.WriteLine(FormattableString.Invariant(
            $"  of the outside part, {trainerOther:F1} s inside the stage trainer (mostly the per-epoch checkpoints); {document.Folds.Count} folds, {stages.Count} stages, {result.epochs} epochs"));
        Console.WriteLine($"  written to {Measurement.Write("platform-overhead", result, output)}");
        return 0;
    }
}
