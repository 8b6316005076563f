using BrainTumor.Testing;

namespace BrainTumor.Client.Tests;

public class DatasetCommandTests
{
    [Fact]
    public void Inspect_json_reports_the_shipped_sample()
    {
        var result = CliRunner.Run("dataset", "inspect", "data/sample", "--json");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        var json = result.Json();
        Assert.Equal(300, json.GetProperty("items").GetInt32());
        Assert.Equal(100, json.GetProperty("classes").GetProperty("meningioma").GetInt32());
        Assert.Equal(100, json.GetProperty("classes").GetProperty("glioma").GetInt32());
        Assert.Equal(100, json.GetProperty("classes").GetProperty("pituitary").GetInt32());
        Assert.Equal(5, json.GetProperty("groups").GetInt32());
        Assert.Equal(0, json.GetProperty("rejected").GetArrayLength());
    }

    [Fact]
    public void Inspect_text_names_classes_groups_and_rejected_files()
    {
        var root = TestPaths.NewTempDirectory("cli-inspect");
        Directory.CreateDirectory(Path.Combine(root, "glioma"));
        File.Copy(Directory.EnumerateFiles(Path.Combine(TestPaths.Sample, "images", "glioma")).First(), Path.Combine(root, "glioma", "a.jpg"));
        File.WriteAllBytes(Path.Combine(root, "glioma", "empty.jpg"), []);

        var text = CliRunner.Run("dataset", "inspect", root);
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("Items     1 accepted, 1 rejected", text.Stdout);
        Assert.Contains("glioma/empty.jpg: empty: file is empty (0 bytes)", text.Stdout);

        var json = CliRunner.Run("dataset", "inspect", root, "--json").Json();
        var rejected = Assert.Single(json.GetProperty("rejected").EnumerateArray());
        Assert.Equal("glioma/empty.jpg", rejected.GetProperty("file").GetString());
        Assert.Equal("empty", rejected.GetProperty("reason").GetString());
        Assert.Equal("file is empty (0 bytes)", rejected.GetProperty("detail").GetString());
    }

    [Fact]
    public void Inspect_of_a_missing_folder_fails_naming_it()
    {
        var result = CliRunner.Run("dataset", "inspect", "no/such/folder");
        Assert.Equal(3, result.ExitCode); // refused input
        Assert.Equal("", result.Stdout);
        Assert.Contains("no/such/folder: dataset folder not found", result.Stderr);
    }

    [Fact]
    public void Inspect_of_a_folder_without_data_says_what_was_expected()
    {
        // A fresh empty folder: a repository folder such as docs/ may not exist on every branch.
        var empty = TestPaths.NewTempDirectory("no-data");
        var result = CliRunner.Run("dataset", "inspect", empty);
        Assert.Equal(3, result.ExitCode); // refused input
        Assert.Contains("no dataset found; expected figshare MATLAB files", result.Stderr);
    }

    [Fact]
    public void Plan_writes_patient_disjoint_folds_by_cheng_fold()
    {
        var output = Path.Combine(TestPaths.NewTempDirectory("cli-plan"), "folds.json");
        var result = CliRunner.Run("dataset", "plan", "data/sample", "--out", output, "--json");
        Assert.Equal(0, result.ExitCode);
        var json = result.Json();
        Assert.Equal("given:cheng_fold", json.GetProperty("method").GetString());
        Assert.Equal(5, json.GetProperty("folds").GetArrayLength());
        foreach (var fold in json.GetProperty("folds").EnumerateArray())
        {
            Assert.Equal(60, fold.GetProperty("test").GetArrayLength());
            Assert.Equal(60, fold.GetProperty("validation").GetArrayLength());
            Assert.Equal(180, fold.GetProperty("train").GetArrayLength());
        }
        Assert.Equal(result.Stdout.Trim(), File.ReadAllText(output).Trim().Replace("\r", ""));
    }

    [Theory]
    [InlineData("--folds", "1", "--folds: expected 2 or more")]
    [InlineData("--folds", "6", "6 folds need at least 6 patient groups; the data has 5")]
    [InlineData("--folds-from", "site", "fold source 'site' not found; this dataset carries: cheng_fold")]
    [InlineData("--validation-fraction", "1.5", "--validation-fraction: expected a number between 0 and 1")]
    public void Plan_refuses_impossible_requests_naming_the_option(string option, string value, string message)
    {
        var result = CliRunner.Run("dataset", "plan", "data/sample", option, value);
        Assert.Equal(3, result.ExitCode); // refused input
        Assert.Contains(message, result.Stderr);
    }

    [Fact]
    public void Preprocess_fills_the_configured_cache_and_the_second_run_reads_it()
    {
        var cache = TestPaths.NewTempDirectory("cli-cache");
        var environment = new Dictionary<string, string> { ["BrainTumor__Imaging__CacheDirectory"] = cache };

        var first = CliRunner.RunWith(environment, "dataset", "preprocess", "data/sample", "--size", "64", "--json");
        var second = CliRunner.RunWith(environment, "dataset", "preprocess", "data/sample", "--size", "64", "--json");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(300, first.Json().GetProperty("cache_misses").GetInt32());
        Assert.Equal(300, second.Json().GetProperty("cache_hits").GetInt32());
        Assert.Equal(cache, second.Json().GetProperty("cache_directory").GetString());
        // One entry for the dataset: a 320-byte header (16 bytes and one per item, padded to 8), then 300 slices of 64x64 16-bit values.
        var entry = Assert.Single(Directory.EnumerateFiles(cache, "*.slices", SearchOption.AllDirectories));
        Assert.Equal(320 + 300 * 64 * 64 * 2, new FileInfo(entry).Length);
    }

    [Fact]
    public void Unknown_configuration_key_is_an_error_naming_the_section()
    {
        var result = CliRunner.RunWith(new Dictionary<string, string> { ["BrainTumor__Imaging__MaxPixel"] = "5" },
            "dataset", "preprocess", "data/sample", "--size", "64");
        Assert.Equal(3, result.ExitCode); // refused input
        Assert.Contains("section 'BrainTumor:Imaging'", result.Stderr);
        Assert.Contains("MaxPixel", result.Stderr);
    }

    [Fact]
    public void Help_lists_the_dataset_commands()
    {
        var result = CliRunner.Run("dataset", "--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("inspect", result.Stdout);
        Assert.Contains("plan", result.Stdout);
        Assert.Contains("preprocess", result.Stdout);
    }
}
