using BrainTumor.Testing;

namespace BrainTumor.Client.Tests;

/// <summary>
/// What the read commands and resume do with an experiment that failed, or that was left running by a silo that died:
/// one line each, and reading never trains.
/// </summary>
public sealed class EndedExperimentTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private readonly string _folder = TestPaths.NewTempDirectory("ended");

    private readonly Dictionary<string, string> _environment = new()
    {
        ["BrainTumor__Experiments__DataRoots__0"] = Path.Combine(TestPaths.RepoRoot, "data"),
        ["BrainTumor__Cluster__SiloPort"] = FreePorts.Take(1)[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["BrainTumor__Cluster__GatewayPort"] = FreePorts.Take(1)[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["BrainTumor__Experiments__WatchdogPeriod"] = "00:00:01",
    };

    private static string[] Tiny(string id, params string[] more) =>
    [
        "experiment", "start", "--id", id, "--dataset", Path.Combine(TestPaths.RepoRoot, "data", "sample"), "--backbone", "vgg19", "--width-divisor", "8",
        "--input-size", "64", "--max-items", "60", "--folds", "2", "--batch-size", "8", .. more,
    ];

    private CliRunner.Result Cli(params string[] args) => CliRunner.RunIn(_folder, _environment, args);

    private string Events(string id) => File.ReadAllText(Path.Combine(_folder, "artifacts", "runs", id, "events.jsonl"));

    [Fact]
    public void A_failed_experiment_reads_as_one_line_per_command_and_resume_says_why_it_stays_failed()
    {
        // A learning rate of 1e5 makes stage 0's loss NaN in both folds: no depth to test, the experiment fails.
        const string reason = "fold 1: stage 0 failed: the training loss became NaN and the validation loss became NaN at epoch 2; no finished depth to test";
        var start = Cli(Tiny("failed", "--policy", "adaptive", "--epochs", "2", "--learning-rate", "1e5", "--block-lr-factor", "1"));
        Assert.Equal(4, start.ExitCode);
        Assert.Equal($"error: experiment failed failed: {reason}", start.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
        // The diverged stage's event says it failed, not a best validation accuracy.
        Assert.Contains("failed fold 2 stage 0: failed: the validation loss became NaN at epoch 1; best finite epoch 0 of 1", start.Stdout);

        var list = Cli("experiment", "list");
        Assert.Equal((0, ""), (list.ExitCode, list.Stderr));
        Assert.Matches(@"^failed +failed +vgg19 +folds 0/2 ", list.Stdout);

        var show = Cli("experiment", "show", "failed");
        Assert.Equal((0, ""), (show.ExitCode, show.Stderr));
        Assert.StartsWith($"experiment failed: Failed ({reason})\n", show.Stdout);
        Assert.Contains("    stage 0: failed: the validation loss became NaN at epoch 1 (", show.Stdout);

        var report = Cli("experiment", "report", "failed");
        Assert.Equal((3, ""), (report.ExitCode, report.Stdout));
        Assert.Equal($"error: experiment 'failed' failed ({reason}): a report needs a completed experiment; braintumor experiment show failed has its stages\n", report.Stderr);

        var resume = Cli("experiment", "resume", "failed");
        Assert.Equal(4, resume.ExitCode);
        Assert.Matches(@"^history: \d+ event\(s\) so far: 0 stage\(s\) finished, 2 failed, 0 supervisor decision\(s\); ", resume.Stdout);
        Assert.Equal($"error: experiment failed stays failed: {reason}; a retry would fail the same way, so nothing was run again (start a new experiment with other settings)\n",
            resume.Stderr);
        Assert.DoesNotContain("\"stage_started\"", Events("failed").Split('\n').SkipWhile(l => !l.Contains("\"resumed\"", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Reading_an_experiment_its_dead_silo_left_running_trains_nothing_and_resume_finishes_it()
    {
        using (var cli = CliProcess.Start(_folder, _environment, Tiny("orphan", "--policy", "fixed:1", "--epochs", "100", "--patience", "100")))
        {
            await cli.WaitForLine("orphan fold 1 stage 0: epoch 1/100");
            cli.Signal("KILL");
            await cli.Exit(Bound);
        }
        var events = Events("orphan");

        var show = Cli("experiment", "show", "orphan");
        Assert.Equal(0, show.ExitCode);
        Assert.StartsWith("experiment orphan: Running\n", show.Stdout);
        Assert.Equal("note: no silo is running, so nothing trains orphan now; braintumor experiment resume orphan carries it on\n", show.Stderr);
        var list = Cli("experiment", "list");
        Assert.Equal((0, ""), (list.ExitCode, list.Stderr));
        var report = Cli("experiment", "report", "orphan");
        Assert.Equal(3, report.ExitCode);
        Assert.Equal("error: experiment 'orphan' is Running: a report needs a completed experiment\n", report.Stderr);
        // Each of those hosted a silo for a moment, with a watchdog due every second: none of them trained.
        Assert.Equal(events, Events("orphan"));

        var resume = Cli("experiment", "resume", "orphan");
        Assert.True(resume.ExitCode == 0, resume.Stderr);
        Assert.Contains("mean test accuracy", resume.Stdout);
        Assert.DoesNotContain("Orleans", resume.Stderr);
        Assert.DoesNotContain("Execution attempt", resume.Stderr);
    }
}
