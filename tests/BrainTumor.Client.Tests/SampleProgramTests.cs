using System.Globalization;
using BrainTumor.Contracts;
using BrainTumor.Testing;

namespace BrainTumor.Client.Tests;

/// <summary>samples/StartExperiment, built and run as another service would run it, against a real silo process.</summary>
public sealed class SampleProgramTests
{
    private static readonly string Sample = CliRunner.Built(Path.Combine("samples", "StartExperiment"), "StartExperiment.dll");

    [Fact]
    public async Task The_sample_starts_an_experiment_follows_it_to_its_result_and_reports_a_refusal_with_a_failing_exit_code()
    {
        var ports = FreePorts.Take(2);
        var (serviceId, clusterId) = ("sample-service", $"sample-{Guid.NewGuid():N}");
        await using var silo = await SiloProcess.Start(TestPaths.NewTempDirectory("sample"), new Dictionary<string, string>
        {
            ["BrainTumor__Cluster__SiloPort"] = ports[0].ToString(CultureInfo.InvariantCulture),
            ["BrainTumor__Cluster__GatewayPort"] = ports[1].ToString(CultureInfo.InvariantCulture),
            ["BrainTumor__Cluster__ServiceId"] = serviceId,
            ["BrainTumor__Cluster__ClusterId"] = clusterId,
            ["BrainTumor__Experiments__DataRoots__0"] = Path.Combine(TestPaths.RepoRoot, "data"),
        });
        string[] cluster = ["--gateway-port", ports[1].ToString(CultureInfo.InvariantCulture), "--service-id", serviceId, "--cluster-id", clusterId];

        // The quick spec the platform tests use, given as the sample's options (the dataset relative to the working folder).
        var tiny = SiloProcess.TinySpec(epochs: 2);
        var run = RunSample([.. cluster, "--id", "sample-tiny", "--dataset", Path.Combine("data", "sample"), "--backbone", tiny.Backbone,
            "--width-divisor", $"{tiny.WidthDivisor}", "--input-size", $"{tiny.InputSize}", "--folds", $"{tiny.Folds}",
            "--max-items", $"{tiny.MaxItems}", "--policy", tiny.Policy, "--epochs", $"{tiny.Epochs}", "--patience", $"{tiny.Patience}",
            "--batch-size", $"{tiny.BatchSize}", "--learning-rate", tiny.LearningRate.ToString(CultureInfo.InvariantCulture)]);

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("started sample-tiny with 2 folds", lines[0]);
        // 2 folds, depths 0 and 1, 2 epochs each: every epoch is shown as it happens.
        Assert.Equal(8, lines.Count(l => l.Contains(": epoch ", StringComparison.Ordinal)));
        using var client = await SiloProcess.Client(ports[1], clusterId, serviceId);
        var experiment = SiloProcess.Grains(client).GetGrain<IExperimentGrain>("sample-tiny");
        var info = (await experiment.GetInfo())!;
        Assert.Equal(RunStatus.Completed, info.Status);
        Assert.Equal(Path.Combine(TestPaths.RepoRoot, "data", "sample"), info.Spec.Dataset);
        Assert.Equal((tiny.Backbone, tiny.WidthDivisor, tiny.InputSize, tiny.MaxItems, tiny.Policy, tiny.Epochs, tiny.LearningRate),
            (info.Spec.Backbone, info.Spec.WidthDivisor, info.Spec.InputSize, info.Spec.MaxItems, info.Spec.Policy, info.Spec.Epochs, info.Spec.LearningRate));
        var report = await experiment.GetReport();
        Assert.Equal($"mean test accuracy {report.MeanAccuracy:P2} ± {report.SdAccuracy:P2}; report {report.ReportPath}", lines[^1]);
        Assert.Contains(lines, l => l.EndsWith($"sample-tiny: mean test accuracy {report.MeanAccuracy:F4} ± {report.SdAccuracy ?? 0:F4} over 2 folds; report {report.ReportPath}", StringComparison.Ordinal));

        // A dataset the silo cannot use: the refusal is printed, the exit code says so, nothing was started.
        var refused = RunSample([.. cluster, "--id", "sample-refused", "--dataset", Path.Combine("data", "no-such-dataset")]);
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal($"error: dataset {Path.Combine(TestPaths.RepoRoot, "data", "no-such-dataset")}: no such folder", refused.Stderr.Trim());
        Assert.DoesNotContain("started", refused.Stdout);
        Assert.Null(await SiloProcess.Grains(client).GetGrain<IExperimentGrain>("sample-refused").GetInfo());

        // Arguments it does not know are refused before connecting.
        var unknown = RunSample(["--gateway", "1"]);
        Assert.Equal(2, unknown.ExitCode);
        Assert.StartsWith("error: unknown option '--gateway'; usage: StartExperiment [--service-id VALUE]", unknown.Stderr.Trim());
        var notANumber = RunSample([.. cluster, "--epochs", "many"]);
        Assert.Equal(2, notANumber.ExitCode);
        Assert.Contains("error: --epochs (Experiment:Epochs) 'many': not a whole number; expected a whole number from 1", notANumber.Stderr);
    }

    private static CliRunner.Result RunSample(string[] args) =>
        CliRunner.RunProgram(Sample, TestPaths.RepoRoot, new Dictionary<string, string>(), args);
}
