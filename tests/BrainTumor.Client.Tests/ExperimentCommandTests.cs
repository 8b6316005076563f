using System.Text.Json;
using BrainTumor.Testing;

namespace BrainTumor.Client.Tests;

/// <summary>
/// The experiment, devices and demo commands, run as the real program in a folder of their own.
/// With no silo running, each invocation hosts one; state carries over between invocations.
/// </summary>
public sealed class ExperimentCommandTests
{
    private readonly string _folder = TestPaths.NewTempDirectory("cli");

    private static readonly Dictionary<string, string> Environment = new()
    {
        ["BrainTumor__Experiments__DataRoots__0"] = Path.Combine(TestPaths.RepoRoot, "data"),
        // Ports of their own, so no other silo on this machine answers.
        ["BrainTumor__Cluster__SiloPort"] = FreePorts.Take(1)[0].ToString(),
        ["BrainTumor__Cluster__GatewayPort"] = FreePorts.Take(1)[0].ToString(),
    };

    private CliRunner.Result Cli(params string[] args) => CliRunner.RunIn(_folder, Environment, args);

    [Fact]
    public void A_recipes_switch_holds_when_its_flag_is_not_given()
    {
        var sample = Path.Combine(TestPaths.RepoRoot, "data", "sample");
        var start = Cli("experiment", "start", "--id", "cli-recipe", "--dataset", sample, "--recipe", "cpu", "--backbone", "vgg19", "--width-divisor", "8",
            "--input-size", "32", "--max-items", "45", "--policy", "fixed:0", "--epochs", "1", "--batch-size", "8");
        Assert.True(start.ExitCode == 0, start.Stderr);
        var run = Path.Combine(_folder, "artifacts", "runs", "cli-recipe");
        using var spec = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "spec.json")));
        Assert.True(spec.RootElement.GetProperty("refit").GetBoolean()); // the cpu recipe refits; no --refit was given to say otherwise
        Assert.Equal(0.0001, spec.RootElement.GetProperty("weight_decay").GetDouble());
        Assert.Equal(0.3, spec.RootElement.GetProperty("block_lr_factor").GetDouble());
        Assert.True(File.Exists(Path.Combine(run, "fold-1", "refit-0.pt")));
    }

    [Fact]
    public void A_cropped_experiment_trains_on_slices_prepared_its_way_and_its_report_says_so()
    {
        var sample = Path.Combine(TestPaths.RepoRoot, "data", "sample");
        var start = Cli("experiment", "start", "--id", "cli-crop", "--dataset", sample, "--backbone", "vgg19", "--width-divisor", "8",
            "--input-size", "32", "--max-items", "45", "--policy", "fixed:0", "--epochs", "1", "--batch-size", "8",
            "--crop", "brain", "--normalize", "percentile");
        Assert.True(start.ExitCode == 0, start.Stderr);
        var run = Path.Combine(_folder, "artifacts", "runs", "cli-crop");
        using var spec = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "spec.json")));
        Assert.Equal(("brain", "percentile"), (spec.RootElement.GetProperty("crop").GetString(), spec.RootElement.GetProperty("normalize").GetString()));
        // The slices came from their own cache entry, not the plain 32 x 32 one.
        var versions = Path.Combine(_folder, ".cache", "preprocessed", "v3");
        Assert.Equal(["32-brain-p99.5"], Directory.EnumerateDirectories(versions).Select(Path.GetFileName));
        var report = File.ReadAllText(Path.Combine(run, "report.md"));
        Assert.Contains("32x32, cropped to the brain, intensities scaled to the 99.5th percentile", report);
        Assert.Contains("this run a square around the head's bounding box", report);

        var refused = Cli("experiment", "start", "--id", "cli-crop-bad", "--dataset", sample, "--crop", "tumour");
        Assert.Equal(3, refused.ExitCode);
        Assert.Contains("--crop tumour: expected one of none, brain", refused.Stderr);

        // resnet18-imagenet is made for 224 x 224: another side is refused before anything trains, naming the flag.
        var side = Cli("experiment", "start", "--id", "cli-crop-288", "--dataset", sample, "--input-size", "288");
        Assert.Equal(3, side.ExitCode);
        Assert.Equal("error: --input-size 288: resnet18-imagenet takes 224x224 only (its ONNX graph's final pool and the CNTK mean image it subtracts are made for that side)",
            side.Stderr.Trim());
        Assert.False(Directory.Exists(Path.Combine(_folder, "artifacts", "runs", "cli-crop-288")));
    }

    [Fact]
    public void A_tiny_experiment_runs_to_its_report_and_every_read_command_shows_it()
    {
        var sample = Path.Combine(TestPaths.RepoRoot, "data", "sample");
        var start = Cli("experiment", "start", "--id", "cli-tiny", "--dataset", sample, "--backbone", "vgg19", "--width-divisor", "8",
            "--input-size", "64", "--max-items", "60", "--folds", "2", "--policy", "fixed:0", "--epochs", "1", "--batch-size", "8");
        Assert.True(start.ExitCode == 0, start.Stderr);
        Assert.Contains("started experiment cli-tiny: 2 folds", start.Stdout);
        Assert.Contains($"dataset {sample}: 300 slices accepted, 0 file(s) rejected\n", start.Stdout);
        Assert.Contains("no silo is running", start.Stderr);
        // No ImageNet weights for vgg19 here: the warning once for the experiment (not per fold), as one operator line.
        var warning = Assert.Single(start.Stderr.Split('\n'), l => l.Contains("starts from random weights", StringComparison.Ordinal));
        Assert.StartsWith("warning: cli-tiny: WARNING: vgg19: no pretrained weights", warning);
        Assert.DoesNotContain("warn: ", start.Stderr);
        Assert.Contains("mean test accuracy", start.Stdout);

        using (var report = JsonDocument.Parse(Ok(Cli("experiment", "report", "cli-tiny", "--json"))))
        {
            var root = report.RootElement;
            var folds = root.GetProperty("folds").EnumerateArray().ToList();
            Assert.Equal([1, 2], folds.Select(f => f.GetProperty("fold").GetInt32()));
            Assert.All(folds, f => Assert.Equal(0, f.GetProperty("depth").GetInt32()));
            Assert.Equal(folds.Average(f => f.GetProperty("accuracy").GetDouble()), root.GetProperty("mean_accuracy").GetDouble(), 9);
            Assert.True(root.TryGetProperty("sd_accuracy", out _));
            // Every rate with its mean and sd over the folds, as the folds of report.json give them.
            using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(root.GetProperty("report_path").GetString())!, "report.json")));
            var foldRates = document.RootElement.GetProperty("folds").EnumerateArray().ToList();
            Assert.Equal(2, foldRates.Count);
            foreach (var label in new[] { "meningioma", "glioma", "pituitary" })
                foreach (var rate in new[] { "precision", "recall", "specificity", "f1" })
                {
                    var values = foldRates.Select(f => f.GetProperty("per_class").GetProperty(label).GetProperty(rate).GetDouble()).ToList();
                    var summary = root.GetProperty("per_class").GetProperty(label);
                    Assert.Equal(values.Average(), summary.GetProperty(rate).GetDouble(), 9);
                    var sd = Math.Sqrt(values.Sum(v => Math.Pow(v - values.Average(), 2)) / (values.Count - 1));
                    Assert.Equal(sd, summary.GetProperty(rate + "_sd").GetDouble(), 9);
                }

            // report.md was written at completion; a plain read does not write it again, --rebuild does.
            var markdown = Path.Combine(Path.GetDirectoryName(root.GetProperty("report_path").GetString())!, "report.md");
            File.Delete(markdown);
            Ok(Cli("experiment", "report", "cli-tiny"));
            Assert.False(File.Exists(markdown));
            Assert.Contains("mean test accuracy", Ok(Cli("experiment", "report", "cli-tiny", "--rebuild")));
            Assert.True(File.Exists(markdown));
        }

        using (var list = JsonDocument.Parse(Ok(Cli("experiment", "list", "--json"))))
        {
            var row = Assert.Single(list.RootElement.EnumerateArray());
            Assert.Equal("cli-tiny", row.GetProperty("id").GetString());
            Assert.Equal("completed", row.GetProperty("status").GetString());
            Assert.Equal(2, row.GetProperty("folds_done").GetInt32());
        }
        using (var show = JsonDocument.Parse(Ok(Cli("experiment", "show", "cli-tiny", "--json"))))
        {
            Assert.Equal("completed", show.RootElement.GetProperty("status").GetString());
            // fixed:0: one decision per fold, stop after the head's stage, its action by name.
            var decisions = show.RootElement.GetProperty("folds").EnumerateArray().Select(f => Assert.Single(f.GetProperty("decisions").EnumerateArray())).ToList();
            Assert.All(decisions, d => Assert.Equal(("stop", 0), (d.GetProperty("action").GetString(), d.GetProperty("depth").GetInt32())));
            Assert.All(decisions, d => Assert.False(d.TryGetProperty("go_deeper", out _)));
        }
        var shown = Ok(Cli("experiment", "show", "cli-tiny"));
        Assert.Contains("fold 2: Completed", shown);
        Assert.Contains("    after stage 0: stop: ", shown);
        using (var devices = JsonDocument.Parse(Ok(Cli("devices", "--json"))))
            Assert.Equal("cpu", Assert.Single(devices.RootElement.EnumerateArray()).GetProperty("device").GetString());
        Assert.Contains("mean test accuracy", Ok(Cli("experiment", "watch", "cli-tiny")));
        var lines = Ok(Cli("experiment", "watch", "cli-tiny", "--json")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var kinds = lines.Select(l => { using var e = JsonDocument.Parse(l); return e.RootElement.GetProperty("kind").GetString(); }).ToList();
        Assert.Equal("started", kinds[0]);
        Assert.Contains("completed", kinds);

        // predict: the fold ensemble classifies a real slice (and writes its Grad-CAM overlay); a bad file gets its own error.
        var slice = Directory.GetFiles(Path.Combine(sample, "images", "glioma"), "*.jpg").Order().First();
        var overlays = Path.Combine(_folder, "saliency");
        var predict = Cli("predict", "--experiment", "cli-tiny", slice, "--json", "--saliency", overlays);
        Assert.True(predict.ExitCode == 0, predict.Stderr);
        using (var predictions = JsonDocument.Parse(predict.Stdout))
        {
            var answer = Assert.Single(predictions.RootElement.EnumerateArray());
            Assert.Contains(answer.GetProperty("class").GetString(), new[] { "meningioma", "glioma", "pituitary" });
            var probabilities = answer.GetProperty("probabilities").EnumerateObject().Select(p => p.Value.GetDouble()).ToList();
            Assert.Equal(3, probabilities.Count);
            Assert.Equal(1.0, probabilities.Sum(), 6);
            var folds = answer.GetProperty("fold_probabilities").EnumerateArray().Select(f => f.EnumerateArray().Select(v => v.GetDouble()).ToList()).ToList();
            var agreeing = folds.Count(f => new[] { "meningioma", "glioma", "pituitary" }[f.IndexOf(f.Max())] == answer.GetProperty("class").GetString());
            Assert.Equal((double)agreeing / folds.Count, answer.GetProperty("agreement").GetDouble(), 9);
            Assert.True(File.Exists(answer.GetProperty("saliency").GetString()));
        }
        var notAnImage = Path.Combine(_folder, "notes.png");
        File.WriteAllText(notAnImage, "not a picture");
        var mixed = Cli("predict", "--experiment", "cli-tiny", slice, notAnImage);
        Assert.Equal(3, mixed.ExitCode); // a refused file
        Assert.Contains($"{slice}: ", mixed.Stdout);
        Assert.DoesNotContain(notAnImage, mixed.Stdout); // its error once, on stderr
        Assert.Single(mixed.Stderr.Split('\n'), l => l.Contains(notAnImage));
        Assert.StartsWith($"error: {notAnImage}: ", mixed.Stderr);

        // A folder in, a CSV out: two slices with the same file name in two subfolders keep apart in the
        // overlays; the CSV has one row per slice with its probabilities and the folds' agreement.
        var batch = Path.Combine(_folder, "batch");
        var gliomaSlices = Directory.GetFiles(Path.Combine(sample, "images", "glioma"), "*.jpg").Order().Take(2).ToList();
        foreach (var (source, group) in gliomaSlices.Zip(new[] { "a", "b" }))
        {
            Directory.CreateDirectory(Path.Combine(batch, group));
            File.Copy(source, Path.Combine(batch, group, "1.jpg"));
        }
        var table = Path.Combine(_folder, "out", "predictions.csv");
        var batchOverlays = Path.Combine(_folder, "batch-saliency");
        var folderRun = Cli("predict", "--experiment", "cli-tiny", batch, "--csv", table, "--saliency", batchOverlays);
        Assert.True(folderRun.ExitCode == 0, folderRun.Stderr);
        var rows = File.ReadAllLines(table);
        Assert.Equal("file,class,p_meningioma,p_glioma,p_pituitary,agreement,saliency,error", rows[0]);
        Assert.Equal(3, rows.Length);
        var overlayFiles = Directory.GetFiles(batchOverlays).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["a_1.saliency.png", "b_1.saliency.png"], overlayFiles);
        foreach (var (row, group) in rows.Skip(1).Zip(new[] { "a", "b" }))
        {
            var cells = row.Split(',');
            Assert.Equal(Path.Combine(batch, group, "1.jpg"), cells[0]);
            Assert.Contains(cells[1], new[] { "meningioma", "glioma", "pituitary" });
            Assert.Equal(1.0, cells[2..5].Sum(c => double.Parse(c, System.Globalization.CultureInfo.InvariantCulture)), 4);
            Assert.Contains(cells[5], new[] { "0.500", "1.000" }); // 2 folds: one or both agree with the ensemble
            Assert.Equal(Path.Combine(batchOverlays, group + "_1.saliency.png"), cells[6]);
            Assert.Equal("", cells[7]);
        }
        var emptyFolder = Directory.CreateDirectory(Path.Combine(_folder, "empty-batch")).FullName;
        var nothing = Cli("predict", "--experiment", "cli-tiny", emptyFolder);
        Assert.Equal(3, nothing.ExitCode);
        Assert.Equal($"error: {emptyFolder}: no slices in this folder; expected .jpg, .jpeg, .png, .mat files", nothing.Stderr.Trim());

        var again = Cli("experiment", "start", "--id", "cli-tiny", "--dataset", sample);
        Assert.Equal(3, again.ExitCode);
        Assert.Contains("error: experiment 'cli-tiny' already exists", again.Stderr);
    }

    [Fact]
    public void Start_says_how_many_files_of_the_dataset_were_rejected()
    {
        var data = Path.Combine(_folder, "data");
        var dataset = TestDatasets.SampleSubset(TestDatasets.NewFolder(data, "mixed"), perClass: 10);
        TestDatasets.Break(dataset, TestDatasets.Ids(dataset)[0]);
        var environment = new Dictionary<string, string>(Environment) { ["BrainTumor__Experiments__DataRoots__1"] = data };

        var start = CliRunner.RunIn(_folder, environment, "experiment", "start", "--id", "cli-rejected", "--dataset", dataset, "--backbone", "vgg19",
            "--width-divisor", "8", "--input-size", "64", "--folds", "2", "--policy", "fixed:0", "--epochs", "1", "--batch-size", "8");

        Assert.True(start.ExitCode == 0, start.Stderr);
        Assert.Contains($"dataset {dataset}: 29 slices accepted, 1 file(s) rejected (braintumor dataset inspect {dataset} lists them)", start.Stdout);
    }

    [Fact]
    public void Compare_pairs_two_experiments_fold_by_fold_and_refuses_two_that_tested_other_slices()
    {
        var sample = Path.Combine(TestPaths.RepoRoot, "data", "sample");
        string[] Tiny(string id, params string[] more) =>
        [
            "experiment", "start", "--id", id, "--dataset", sample, "--backbone", "vgg19", "--width-divisor", "8", "--input-size", "32",
            "--max-items", "60", "--folds", "3", "--policy", "fixed:0", "--epochs", "2", "--batch-size", "8", .. more,
        ];
        Ok(Cli(Tiny("cmp-a")));
        Ok(Cli(Tiny("cmp-b", "--learning-rate", "0.01")));
        Ok(Cli(Tiny("cmp-c", "--seed", "7"))); // other patients in each fold

        using var comparison = JsonDocument.Parse(Ok(Cli("experiment", "compare", "cmp-a", "cmp-b", "--json")));
        var root = comparison.RootElement;
        Assert.Equal(("cmp-a", "cmp-b"), (root.GetProperty("a").GetString(), root.GetProperty("b").GetString()));
        // Each fold's accuracies are the two reports' own, and the test's inputs come from report.json's fold sizes.
        var reportA = FoldsOf("cmp-a");
        var reportB = FoldsOf("cmp-b");
        var folds = root.GetProperty("folds").EnumerateArray().ToList();
        Assert.Equal([1, 2, 3], folds.Select(f => f.GetProperty("fold").GetInt32()));
        var differences = new List<double>();
        foreach (var (fold, i) in folds.Select((f, i) => (f, i)))
        {
            Assert.Equal(reportA[i].GetProperty("accuracy").GetDouble(), fold.GetProperty("a").GetDouble());
            Assert.Equal(reportB[i].GetProperty("accuracy").GetDouble(), fold.GetProperty("b").GetDouble());
            differences.Add(fold.GetProperty("b").GetDouble() - fold.GetProperty("a").GetDouble());
            Assert.Equal(differences[^1], fold.GetProperty("difference").GetDouble(), 12);
        }
        var test = root.GetProperty("test");
        var ratio = reportA.Concat(reportB).Average(f => f.GetProperty("test_items").GetDouble() / f.GetProperty("train_items").GetDouble());
        Assert.Equal(ratio, test.GetProperty("test_train_ratio").GetDouble(), 12);
        Assert.Equal(2, test.GetProperty("degrees_of_freedom").GetInt32());
        var mean = differences.Average();
        var sd = Math.Sqrt(differences.Sum(d => (d - mean) * (d - mean)) / 2);
        var se = Math.Sqrt((1.0 / 3 + ratio) * sd * sd);
        Assert.Equal(mean, test.GetProperty("mean_difference").GetDouble(), 12);
        Assert.Equal(se, test.GetProperty("standard_error").GetDouble(), 12);
        if (se > 0)
        {
            // Two degrees of freedom: p = 1 - |t| / sqrt(2 + t^2), t(2, 0.975) = 0.95 / sqrt(2 * 0.975 * 0.025).
            var t = mean / se;
            Assert.Equal(1 - Math.Abs(t) / Math.Sqrt(2 + t * t), test.GetProperty("p_value").GetDouble(), 9);
            Assert.Equal(mean + 0.95 / Math.Sqrt(2 * 0.975 * 0.025) * se, test.GetProperty("upper").GetDouble(), 9);
        }

        var text = Ok(Cli("experiment", "compare", "cmp-a", "cmp-b"));
        Assert.StartsWith("A = cmp-a, B = cmp-b: test accuracy on the same 3 folds\n", text);
        Assert.Matches(@"\n  mean  +\d+\.\d\d %  +\d+\.\d\d %  +[-+]?\d+\.\d\d\n", text);
        Assert.Matches(@"\nB - A: [-+]?\d+\.\d\d points, 95% interval [-+]?\d+\.\d\d to [-+]?\d+\.\d\d; corrected resampled t-test \(Nadeau and Bengio 2003, n_test/n_train \d\.\d{3}\): .+, 2 df, p = \d\.\d{4}\n", text);

        var refused = Cli("experiment", "compare", "cmp-a", "cmp-c");
        Assert.Equal(3, refused.ExitCode);
        Assert.Equal("", refused.Stdout);
        Assert.StartsWith("error: cmp-a and cmp-c cannot be paired: fold 1 tested other slices (", refused.Stderr);
    }

    private List<JsonElement> FoldsOf(string id)
    {
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "artifacts", "runs", id, "report.json")));
        return [.. report.RootElement.GetProperty("folds").EnumerateArray().Select(f => f.Clone())];
    }

    [Theory]
    [InlineData(3, "unknown backbone 'vgg99'", "experiment", "start", "--dataset", "DATA", "--backbone", "vgg99")]
    [InlineData(3, "outside the configured data roots", "experiment", "start", "--dataset", "/etc")]
    [InlineData(3, "'sometimes' is not a supervisor policy", "experiment", "start", "--dataset", "DATA", "--policy", "sometimes")]
    [InlineData(3, "--epochs 0: expected a whole number from 1", "experiment", "start", "--dataset", "DATA", "--epochs", "0")]
    [InlineData(3, "experiment id 'a/b': expected 1-64 letters", "experiment", "start", "--id", "a/b", "--dataset", "DATA")]
    [InlineData(3, "experiment id '..': expected 1-64 letters", "experiment", "start", "--id", "..", "--dataset", "DATA")]
    [InlineData(3, "no experiment '../x'", "experiment", "show", "../x")]
    [InlineData(3, "no experiment 'nope'", "experiment", "show", "nope")]
    [InlineData(3, "no experiment 'nope'", "experiment", "report", "nope")]
    [InlineData(3, "no experiment 'nope'", "experiment", "cancel", "nope")]
    [InlineData(3, "no experiment 'nope'", "experiment", "watch", "nope")]
    [InlineData(3, "no experiment 'nope'", "experiment", "compare", "nope", "other")]
    [InlineData(2, "Required argument missing for command: 'compare'", "experiment", "compare", "nope")]
    [InlineData(3, "no experiment 'nope'", "predict", "--experiment", "nope", "x.png")]
    [InlineData(2, "--epochs 'abc': not a whole number", "experiment", "start", "--dataset", "DATA", "--epochs", "abc")]
    [InlineData(2, "Option '--dataset' is required", "experiment", "start")]
    [InlineData(2, "Unrecognized command or argument 'maybe'", "experiment", "start", "--dataset", "DATA", "--refit", "maybe")]
    [InlineData(2, "Unrecognized command or argument 'bogus'", "bogus")]
    [InlineData(2, "--recipe 'fastest': not a recipe", "demo", "--recipe", "fastest")]
    [InlineData(2, "Option '--experiment' is required", "predict", "x.png")]
    public void Errors_name_the_problem_in_one_line_each_and_exit_with_their_code(int code, string expected, params string[] args)
    {
        var result = Cli([.. args.Select(a => a == "DATA" ? Path.Combine(TestPaths.RepoRoot, "data", "sample") : a)]);
        Assert.Equal(code, result.ExitCode);
        Assert.Contains(expected, result.Stderr);
        Assert.Equal("", result.Stdout);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.Matches(@"^(error: |\(braintumor )", l)); // no help text, no stack trace
        Assert.DoesNotContain("(Parameter '", result.Stderr);
        if (code == 2) // the usage errors say where the options are listed
            Assert.Matches(@"\(braintumor [a-z ]*--help lists the commands and options\)", lines[^1]);
    }

    [Theory]
    [InlineData("demo")]
    [InlineData("experiment", "start")]
    [InlineData("experiment", "list")]
    [InlineData("experiment", "show")]
    [InlineData("experiment", "watch")]
    [InlineData("experiment", "cancel")]
    [InlineData("experiment", "resume")]
    [InlineData("experiment", "report")]
    [InlineData("experiment", "compare")]
    [InlineData("devices")]
    [InlineData("predict")]
    public void Every_command_has_help(params string[] command)
    {
        var result = Cli([.. command, "--help"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:", result.Stdout);
    }

    [Fact]
    public void Start_refuses_a_bad_spec_value_naming_its_flag_and_shows_the_spec_options_with_their_defaults()
    {
        var bad = Cli("experiment", "start", "--dataset", "data/sample", "--label-smoothing", "lots");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--label-smoothing 'lots': not a number; expected a number from 0 up to (not including) 1", bad.Stderr);
        var outside = Cli("experiment", "start", "--dataset", "data/sample", "--epochs", "0", "--batch-size", "1");
        Assert.Contains("--epochs 0: expected a whole number from 1; --batch-size 1: expected a whole number from 2", outside.Stderr);

        var help = Ok(Cli("experiment", "start", "--help"));
        foreach (var field in BrainTumor.Protocol.Specs.ExperimentSpecFields.All)
            Assert.Contains(field.Flag, help);
        Assert.Contains("Most epochs per stage. [default: 10]", help);
    }

    private static string Ok(CliRunner.Result result)
    {
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr}");
        return result.Stdout;
    }
}
