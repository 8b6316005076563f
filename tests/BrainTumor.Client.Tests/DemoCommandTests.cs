using System.Text.Json;
using System.Text.RegularExpressions;
using BrainTumor.Testing;

namespace BrainTumor.Client.Tests;

/// <summary>
/// <c>demo</c> run as the real program: the demo's own experiment (resnet18-imagenet, the
/// <c>cheng_fold</c> folds, the adaptive supervisor) on a fifth of the shipped sample, so the test
/// takes a minute or two; the full demo on the whole sample is what <c>.ci/run</c> times.
/// </summary>
public sealed partial class DemoCommandTests
{
    private readonly string _folder = TestPaths.NewTempDirectory("demo");

    private Dictionary<string, string> Environment() => new()
    {
        ["BrainTumor__Experiments__DataRoots__0"] = Path.Combine(TestPaths.RepoRoot, "data"),
        ["BrainTumor__Experiments__DataRoots__1"] = _folder,
        ["BrainTumor__Cluster__SiloPort"] = FreePorts.Take(1)[0].ToString(),
        ["BrainTumor__Cluster__GatewayPort"] = FreePorts.Take(1)[0].ToString(),
    };

    /// <summary>The first <paramref name="perClassAndFold"/> slices of each class in each cheng_fold of the sample, with their manifest rows.</summary>
    private string SampleSubset(int perClassAndFold)
    {
        var sample = Path.Combine(TestPaths.RepoRoot, "data", "sample");
        var target = Path.Combine(_folder, "sample-subset");
        var lines = File.ReadAllLines(Path.Combine(sample, "manifest.csv"));
        var header = lines[0].Split(',');
        var (file, label, fold) = (Array.IndexOf(header, "file"), Array.IndexOf(header, "label"), Array.IndexOf(header, "cheng_fold"));
        var kept = lines.Skip(1).Select(l => l.Split(','))
            .GroupBy(r => (r[label], r[fold]))
            .SelectMany(g => g.Take(perClassAndFold))
            .ToList();
        foreach (var row in kept)
        {
            var destination = Path.Combine(target, "images", row[file]);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(Path.Combine(sample, "images", row[file]), destination);
        }
        File.WriteAllLines(Path.Combine(target, "manifest.csv"), [lines[0], .. kept.Select(r => string.Join(',', r))]);
        return target;
    }

    [Fact]
    public void Demo_runs_the_five_cheng_folds_with_plain_progress_lines_and_ends_with_the_table_and_the_report()
    {
        var dataset = SampleSubset(perClassAndFold: 4); // 3 classes x 5 folds x 4 = 60 slices
        var result = CliRunner.RunIn(_folder, Environment(), "demo", "--dataset", dataset, "--id", "demo-test");
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr}");
        var output = result.Stdout;

        Assert.Contains($"demo: experiment demo-test, resnet18-imagenet on {dataset}, 5 folds (cheng_fold), policy adaptive:max_depth=1", output);
        // The program started itself again with glibc's huge pages (this machine's glibc has the tunable).
        Assert.Contains("; huge pages: glibc (glibc.malloc.hugetlb=1)", output);
        // Output to a file or pipe: one plain line per event, no terminal bars or escape codes.
        Assert.DoesNotContain('\r', output);
        Assert.DoesNotContain('\u001b', output);
        Assert.Matches(@"demo-test fold 1 stage 0: epoch 1/10: train loss \d+\.\d{4}, validation accuracy \d\.\d{4}", output);

        // The result table: one row per fold with its chosen depth (0 or 1: the demo stops at the deepest block) and accuracy.
        var rows = TableRow().Matches(output).Select(m => (Fold: int.Parse(m.Groups[1].Value), Depth: int.Parse(m.Groups[2].Value))).ToList();
        Assert.Equal([1, 2, 3, 4, 5], rows.Select(r => r.Fold));
        Assert.All(rows, r => Assert.InRange(r.Depth, 0, 1));
        Assert.Matches(@"experiment demo-test: mean test accuracy \d+\.\d{2} % ± \d+\.\d{2} % over 5 folds", output);

        // The report's path, and the report there agrees with the table.
        var html = Assert.Single(ReportLine().Matches(output)).Groups[1].Value;
        Assert.True(File.Exists(html), html);
        Assert.True(File.Exists(Path.ChangeExtension(html, ".md")));
        using var report = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(html, ".json")));
        var folds = report.RootElement.GetProperty("folds").EnumerateArray().ToList();
        Assert.Equal(rows.Select(r => r.Depth), folds.Select(f => f.GetProperty("depth").GetInt32()));
        Assert.All(folds, f => Assert.Equal(12, f.GetProperty("test_items").GetInt32()));

        // resume --json of the finished demo: only the experiment as JSON, its folds' test results those of the report.
        var resumed = CliRunner.RunIn(_folder, Environment(), "experiment", "resume", "demo-test", "--json");
        Assert.True(resumed.ExitCode == 0, $"exit {resumed.ExitCode}: {resumed.Stderr}");
        var info = resumed.Json();
        Assert.Equal("completed", info.GetProperty("status").GetString());
        Assert.Equal(folds.Select(f => f.GetProperty("accuracy").GetDouble()),
            info.GetProperty("folds").EnumerateArray().Select(f => f.GetProperty("test").GetProperty("accuracy").GetDouble()));
    }

    [Fact]
    public void Demo_with_json_prints_only_the_finished_experiment_as_json()
    {
        var dataset = SampleSubset(perClassAndFold: 4);
        var result = CliRunner.RunIn(_folder, Environment(), "demo", "--dataset", dataset, "--id", "demo-json", "--json");
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr}");
        var info = result.Json(); // the whole of stdout is one JSON document: no header, no progress lines
        Assert.Equal(("demo-json", "completed"), (info.GetProperty("id").GetString(), info.GetProperty("status").GetString()));
        var folds = info.GetProperty("folds").EnumerateArray().ToList();
        Assert.Equal([1, 2, 3, 4, 5], folds.Select(f => f.GetProperty("fold").GetInt32()));
        Assert.All(folds, f => Assert.InRange(f.GetProperty("test").GetProperty("accuracy").GetDouble(), 0, 1));
        Assert.Equal("demo", info.GetProperty("spec").GetProperty("recipe").GetString());
    }

    [Fact]
    public void Demo_on_a_missing_dataset_fails_naming_it_and_starts_nothing()
    {
        var missing = Path.Combine(_folder, "no-such-data");
        var result = CliRunner.RunIn(_folder, Environment(), "demo", "--dataset", missing, "--id", "demo-missing");
        Assert.Equal(3, result.ExitCode); // refused input
        Assert.Contains(missing, result.Stderr);
        Assert.Equal("", result.Stdout);

        var list = CliRunner.RunIn(_folder, Environment(), "experiment", "list", "--json");
        Assert.Equal(0, list.ExitCode);
        Assert.Empty(list.Json().EnumerateArray());
    }

    [GeneratedRegex(@"^\s+(\d)\s+(\d)\s+\d+\.\d{2} %$", RegexOptions.Multiline)]
    private static partial Regex TableRow();

    [GeneratedRegex(@"^report: (.+\.html) \(also \.md and \.json beside it\)$", RegexOptions.Multiline)]
    private static partial Regex ReportLine();
}
