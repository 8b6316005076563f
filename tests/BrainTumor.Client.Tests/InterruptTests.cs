using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using BrainTumor.Contracts;
using BrainTumor.Testing;
using Xunit.Abstractions;

namespace BrainTumor.Client.Tests;

/// <summary>
/// Ctrl+C and SIGTERM on the real programs: an embedded experiment stops at a batch boundary with its checkpoint
/// and resumes to the numbers of a run never stopped; a second signal ends the CLI at once; a watcher of a silo
/// detaches; the silo host stops, and the next silo finishes what it was training. The time bounds are generous:
/// they tell a stop from a hang, not a fast stop from a slow one.
/// </summary>
public sealed class InterruptTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private readonly string _folder = TestPaths.NewTempDirectory("interrupt");

    /// <summary>
    /// VGG19 with widths divided by 8 at 64x64, 60 slices, 2 folds, stages 0 and 1 of <paramref name="epochs"/> epochs each.
    /// An epoch of this network takes tens of milliseconds, and a client sees the events up to half a second late (it
    /// polls): with 100 epochs a signal sent on a stage's first epoch still lands inside that stage's epochs, where a
    /// stop has something to save, and not in a cache fill or a test between two stages.
    /// </summary>
    private static string[] Tiny(int epochs = 100) =>
    [
        "--dataset", TestPaths.Sample, "--backbone", "vgg19", "--width-divisor", "8", "--input-size", "64", "--max-items", "60", "--folds", "2",
        "--policy", "fixed:1", "--epochs", $"{epochs}", "--patience", $"{epochs}", "--batch-size", "8", "--learning-rate", "0.01",
    ];

    private static Dictionary<string, string> Environment(int siloPort, int gatewayPort) => new()
    {
        ["BrainTumor__Experiments__DataRoots__0"] = Path.Combine(TestPaths.RepoRoot, "data"),
        ["BrainTumor__Cluster__SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["BrainTumor__Cluster__GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["BrainTumor__Cluster__ClusterId"] = $"interrupt-{Guid.NewGuid():N}",
        ["BrainTumor__Experiments__WatchdogPeriod"] = "00:00:02",
        // No periodic checkpoint within a test: a stage checkpoint on disk is one its interruption wrote.
        ["BrainTumor__Experiments__CheckpointInterval"] = "01:00:00",
    };

    private static Dictionary<string, string> Environment()
    {
        var ports = FreePorts.Take(2);
        return Environment(ports[0], ports[1]);
    }

    private string RunFolder(string id) => Path.Combine(_folder, "artifacts", "runs", id);

    [Fact]
    public async Task Ctrl_C_stops_an_embedded_experiment_at_a_batch_boundary_and_resume_ends_with_the_test_results_of_an_uninterrupted_run()
    {
        var environment = Environment();
        using (var cli = CliProcess.Start(_folder, environment, ["experiment", "start", "--id", "stopped", .. Tiny()]))
        {
            await cli.WaitForLine("stopped fold 1 stage 0: epoch 1/100");
            cli.Signal("INT");
            var clock = Stopwatch.StartNew();
            var code = await cli.Exit(Bound);
            output.WriteLine($"ended {clock.Elapsed.TotalSeconds:F1} s after Ctrl+C");
            Assert.True(code == 130, $"exit {code}:\n{cli.Stderr}");
            Assert.Contains("interrupted: experiment stopped stops at a batch boundary and keeps its checkpoints; braintumor experiment resume stopped carries on from there",
                cli.Stderr);
            Assert.DoesNotContain("mean test accuracy", cli.Stdout);
        }
        // The stage that trained saved itself as it stopped (no periodic checkpoint is due within the hour) and did not end.
        var checkpoint = Assert.Single(Directory.GetFiles(RunFolder("stopped"), "*.ckpt", SearchOption.AllDirectories));
        var (epochs, finished) = CheckpointHeader.Read(checkpoint);
        output.WriteLine($"{checkpoint}: {epochs} epoch(s) done");
        Assert.False(finished);
        Assert.False(File.Exists(Path.ChangeExtension(checkpoint, ".pt")));

        var resumed = CliRunner.RunIn(_folder, environment, "experiment", "resume", "stopped");
        Assert.True(resumed.ExitCode == 0, $"exit {resumed.ExitCode}:\n{resumed.Stderr}");
        Assert.Contains("mean test accuracy", resumed.Stdout);
        // The history is one line, not a replay: the experiment's start is summarised, what follows it is shown.
        var resumedLines = resumed.Stdout.Split('\n');
        Assert.Matches(@"^history: \d+ event\(s\) so far: \d+ stage\(s\) finished, 0 failed, \d+ supervisor decision\(s\); the last at \d\d:\d\d:\d\d: .+ \(braintumor experiment show stopped has them all\)$", resumedLines[0]);
        Assert.DoesNotContain(resumedLines, l => l.Contains("stopped: vgg19 on", StringComparison.Ordinal)); // the start event, shown once by start
        // The stopped stage went on from the epoch its checkpoint held. The embedded silo resumes it as it starts, before the
        // command reads the history, so the event may be in the history line rather than after it: the run's events have it.
        var stoppedStage = Regex.Match(checkpoint, @"fold-(\d+)[/\\]stage-(\d+)\.ckpt$");
        Assert.True(stoppedStage.Success, checkpoint);
        Assert.Contains($"\"stopped fold {stoppedStage.Groups[1].Value} stage {stoppedStage.Groups[2].Value}: attempt 2 started at epoch {epochs + 1}\"",
            File.ReadAllText(Path.Combine(RunFolder("stopped"), "events.jsonl")));
        var straight = CliRunner.RunIn(_folder, environment, ["experiment", "start", "--id", "straight", .. Tiny()]);
        Assert.True(straight.ExitCode == 0, $"exit {straight.ExitCode}:\n{straight.Stderr}");

        // Every prediction and score of each fold's test, and the report's numbers, as if never stopped.
        foreach (var fold in new[] { 1, 2 })
            Assert.Equal(File.ReadAllText(Path.Combine(RunFolder("straight"), $"fold-{fold}", "test.json")),
                         File.ReadAllText(Path.Combine(RunFolder("stopped"), $"fold-{fold}", "test.json")));
        using var reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(RunFolder("straight"), "report.json")));
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(RunFolder("stopped"), "report.json")));
        Assert.Equal(reference.RootElement.GetProperty("mean_accuracy").GetDouble(), report.RootElement.GetProperty("mean_accuracy").GetDouble());
        Assert.Equal(reference.RootElement.GetProperty("folds").EnumerateArray().Select(f => f.GetProperty("accuracy").GetDouble()),
                     report.RootElement.GetProperty("folds").EnumerateArray().Select(f => f.GetProperty("accuracy").GetDouble()));
    }

    [Fact]
    public async Task A_second_signal_while_the_first_winds_down_ends_the_cli_at_once()
    {
        using var cli = CliProcess.Start(_folder, Environment(), ["experiment", "start", "--id", "twice", .. Tiny()]);
        await cli.WaitForLine("twice fold 1 stage 0: epoch 1/100");
        cli.Signal("INT");
        await cli.WaitForLine("interrupted: experiment twice"); // the embedded silo now stops
        cli.Signal("TERM");
        // 143 is SIGTERM's own end (128 + 15); the orderly stop the first signal began would have returned 130.
        Assert.Equal(143, await cli.Exit(Bound));
    }

    [Fact]
    public async Task Ctrl_C_detaches_a_watcher_of_a_silo_and_SIGTERM_stops_the_silo_whose_successor_finishes_the_experiment()
    {
        var ports = FreePorts.Take(2);
        var environment = Environment(ports[0], ports[1]);
        await using (var silo = await SiloProcess.Start(_folder, environment))
        {
            // Long stages: the watcher replays the events so far before it detaches, and the silo must still be training after that.
            var started = CliRunner.RunIn(_folder, environment, ["experiment", "start", "--id", "watched", .. Tiny(epochs: 40)]);
            Assert.True(started.ExitCode == 0, $"exit {started.ExitCode}:\n{started.Stderr}");
            Assert.DoesNotContain("no silo is running", started.Stderr); // a client of the silo, which trains

            using (var watch = CliProcess.Start(_folder, environment, "experiment", "watch", "watched"))
            {
                await watch.WaitForLine("watched fold 1 stage 0: epoch 1/40");
                watch.Signal("INT");
                Assert.Equal(130, await watch.Exit(Bound));
                Assert.Contains("detached: experiment watched goes on in the silo; braintumor experiment watch watched follows it again", watch.Stderr);
            }
            using (var client = await SiloProcess.Client(ports[1], environment["BrainTumor__Cluster__ClusterId"]))
            {
                var experiment = SiloProcess.Grains(client).GetGrain<IExperimentGrain>("watched");
                var epochs = (await experiment.GetEvents(0)).Count(e => e.Kind == ExperimentEventKind.Epoch);
                await SiloProcess.WaitFor(async () => (await experiment.GetEvents(0)).Count(e => e.Kind == ExperimentEventKind.Epoch) > epochs,
                    "an epoch after the watcher detached");
                Assert.Equal(RunStatus.Running, (await experiment.GetInfo())!.Status);
                // The stop must find a stage between its epochs, not a test or a stage about to end.
                await SiloProcess.WaitFor(async () => (await experiment.GetInfo())!.Folds.Any(f => f.Current is { Status: RunStatus.Running, LastEpoch.Epoch: >= 1 and <= 20 }),
                    "a stage in its first half");
            }

            silo.Signal("TERM");
            var clock = Stopwatch.StartNew();
            Assert.Equal(0, await silo.Exit(Bound));
            output.WriteLine($"silo ended {clock.Elapsed.TotalSeconds:F1} s after SIGTERM");
            Assert.Contains(silo.Output, l => l.Contains("stopped with the silo", StringComparison.Ordinal));
        }
        var checkpoint = Assert.Single(Directory.GetFiles(RunFolder("watched"), "*.ckpt", SearchOption.AllDirectories));
        Assert.False(CheckpointHeader.Read(checkpoint).Finished);

        await using var successor = await SiloProcess.Start(_folder, environment);
        using var again = await SiloProcess.Client(ports[1], environment["BrainTumor__Cluster__ClusterId"]);
        var watched = SiloProcess.Grains(again).GetGrain<IExperimentGrain>("watched");
        await SiloProcess.WaitFor(async () => (await watched.GetInfo())!.Status.IsFinal(), "the experiment to end on the next silo");
        Assert.Equal(RunStatus.Completed, (await watched.GetInfo())!.Status);
        var interrupted = checkpoint.Split(Path.DirectorySeparatorChar)[^2..]; // fold-N, stage-K.ckpt
        var stage = (await SiloProcess.Grains(again).GetGrain<IStageGrain>(
            StageKeys.Of("watched", int.Parse(interrupted[0]["fold-".Length..], System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(Path.GetFileNameWithoutExtension(interrupted[1])["stage-".Length..], System.Globalization.CultureInfo.InvariantCulture))).GetInfo())!;
        Assert.Equal(2, stage.Attempts); // the stopped stage ran again on the successor, from its checkpoint
    }
}
