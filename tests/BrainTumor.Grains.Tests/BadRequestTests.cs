using BrainTumor.Contracts;
using BrainTumor.Testing;

namespace BrainTumor.Grains.Tests;

/// <summary>Requests that must fail cleanly: an error naming the problem, nothing recorded, the silo still serving.</summary>
[Collection(SiloCollection.Name)]
public sealed class BadRequestTests(TestSilo silo)
{
    public static TheoryData<string, string> Problems => new()
    {
        { "backbone", "unknown backbone 'vgg99'" },
        { "missing-dataset", "no such folder" },
        { "traversal", "outside the configured data roots" },
        { "absolute-outside", "outside the configured data roots" },
        { "weights-outside", "outside the configured weights directory" },
        { "weights-missing", "no such file" },
        { "weights-unreadable", "unreadable for vgg19" },
        { "too-few", "2 item(s); 5 folds need at least 5 of every class" },
        { "policy", "--policy sometimes: sometimes: 'sometimes' is not a supervisor policy" },
        { "epochs", "--epochs 0: expected a whole number from 1" },
    };

    [Theory]
    [MemberData(nameof(Problems))]
    public async Task A_bad_spec_is_refused_with_its_problem_named_and_nothing_recorded(string problem, string expected)
    {
        var garbage = Path.Combine(silo.WeightsFolder, "garbage.pth");
        await File.WriteAllBytesAsync(garbage, [1, 2, 3, 4, 5, 6, 7, 8]);
        var spec = TestSilo.TinySpec();
        spec = problem switch
        {
            "backbone" => spec with { Backbone = "vgg99" },
            "missing-dataset" => spec with { Dataset = Path.Combine(TestPaths.RepoRoot, "data", "no-such-dataset") },
            "traversal" => spec with { Dataset = Path.Combine(TestPaths.RepoRoot, "data", "..", "tests", "fixtures", "figshare-mat") },
            "absolute-outside" => spec with { Dataset = "/etc" },
            "weights-outside" => spec with { Weights = Path.Combine(silo.WeightsFolder, "..", "weights-elsewhere.pth") },
            "weights-missing" => spec with { Weights = Path.Combine(silo.WeightsFolder, "absent.pth") },
            "weights-unreadable" => spec with { Weights = garbage },
            "too-few" => spec with { Folds = 5, MaxItems = 6 },
            "policy" => spec with { Policy = "sometimes" },
            "epochs" => spec with { Epochs = 0 },
            _ => throw new ArgumentOutOfRangeException(nameof(problem)),
        };
        var id = $"bad-{problem}";
        var error = await Assert.ThrowsAnyAsync<Exception>(() => silo.Experiment(id).Start(spec));
        Assert.Contains(expected, error.Message);

        Assert.Null(await silo.Experiment(id).GetInfo());
        Assert.DoesNotContain(id, await silo.Grains.GetGrain<IExperimentRegistryGrain>(0).List());
        Assert.False(Directory.Exists(Path.Combine(silo.Folder, "runs", id)) && Directory.EnumerateFileSystemEntries(Path.Combine(silo.Folder, "runs", id)).Any());
    }

    public static TheoryData<string, string> UnreadableData => new()
    {
        { "empty-folder", "no dataset found" },
        { "corrupt-images", "none of its 6 file(s) could be read (not_an_image: 6)" },
        { "unreadable-mat", "none of its 2 file(s) could be read" },
        { "too-few-readable", "class meningioma has 1 item(s); 2 folds need at least 2 of every class (3 file(s) rejected (not_an_image: 3)" },
        { "link-outside", "(through symbolic links: " + Path.Combine(TestPaths.Fixtures, "figshare-mat") + "): outside the configured data roots" },
        { "weights-link-outside", "(through symbolic links: " + Path.Combine(TestPaths.Fixtures, "vgg19-w8", "vgg19-w8.pth") + "): outside the configured weights directory" },
    };

    /// <summary>Data that exists under a data root but cannot be used is refused at Start, before any state is written.</summary>
    [Theory]
    [MemberData(nameof(UnreadableData))]
    public async Task Unusable_data_is_refused_at_start_naming_the_dataset_and_the_problem_and_nothing_is_stored(string problem, string expected)
    {
        var folder = TestDatasets.NewFolder(silo.DataFolder, problem);
        var spec = TestSilo.TinySpec() with { Dataset = folder, MaxItems = null };
        var named = folder;
        switch (problem)
        {
            case "empty-folder":
                break;
            case "corrupt-images":
                foreach (var label in new[] { "meningioma", "glioma", "pituitary" })
                    foreach (var name in new[] { "1.jpg", "2.jpg" })
                    {
                        Directory.CreateDirectory(Path.Combine(folder, label));
                        await File.WriteAllBytesAsync(Path.Combine(folder, label, name), TestDatasets.Garbage);
                    }
                break;
            case "unreadable-mat":
                await File.WriteAllBytesAsync(Path.Combine(folder, "1.mat"), TestDatasets.Garbage);
                await File.WriteAllBytesAsync(Path.Combine(folder, "2.mat"), TestDatasets.Garbage);
                break;
            case "too-few-readable":
                TestDatasets.SampleSubset(folder, perClass: 4);
                foreach (var item in TestDatasets.Ids(folder).Where(i => i.StartsWith("meningioma/", StringComparison.Ordinal)).Skip(1))
                    TestDatasets.Break(folder, item);
                break;
            case "link-outside":
                // A link inside the data root to a real dataset outside it: the path's prefix alone would pass.
                Directory.Delete(folder);
                File.CreateSymbolicLink(folder, Path.Combine(TestPaths.Fixtures, "figshare-mat"));
                break;
            case "weights-link-outside":
                named = Path.Combine(silo.WeightsFolder, $"link-{Guid.NewGuid():N}.pth");
                File.CreateSymbolicLink(named, Path.Combine(TestPaths.Fixtures, "vgg19-w8", "vgg19-w8.pth"));
                spec = TestSilo.TinySpec() with { Weights = named };
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(problem));
        }
        var id = $"unusable-{problem}";

        var error = await Assert.ThrowsAnyAsync<Exception>(() => silo.Experiment(id).Start(spec));
        Assert.Contains(named, error.Message);
        Assert.Contains(expected, error.Message);

        Assert.Null(await silo.Experiment(id).GetInfo());
        Assert.DoesNotContain(id, await silo.Grains.GetGrain<IExperimentRegistryGrain>(0).List());
        Assert.False(Directory.Exists(Path.Combine(silo.Folder, "runs", id)));
        await AnotherExperimentStillStarts($"after-{problem}");
    }

    /// <summary>The silo goes on serving: another experiment starts and plans its folds (then is cancelled, to leave the trainer free).</summary>
    private async Task AnotherExperimentStillStarts(string id)
    {
        var started = await silo.Experiment(id).Start(TestSilo.TinySpec(policy: "fixed:0", epochs: 1, maxItems: 30));
        Assert.Equal(RunStatus.Running, started.Status);
        Assert.Equal(2, started.Folds.Count);
        Assert.True(File.Exists(Path.Combine(silo.Folder, "runs", id, "folds.json")));
        Assert.Equal(RunStatus.Cancelled, (await silo.Experiment(id).Cancel()).Status);
    }

    [Fact]
    public async Task An_id_already_taken_is_refused_and_the_first_experiment_goes_on()
    {
        await silo.Experiment("taken").Start(TestSilo.TinySpec(policy: "fixed:0", epochs: 1, maxItems: 30));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => silo.Experiment("taken").Start(TestSilo.TinySpec()));
        Assert.Contains("experiment 'taken' already exists", error.Message);
        var done = await silo.WaitFinal("taken");
        Assert.Equal(RunStatus.Completed, done.Status);
        Assert.Equal("fixed:0", done.Spec.Policy); // the first spec, untouched
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("has space")]
    public async Task An_id_that_is_not_a_plain_name_is_refused(string id)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => silo.Experiment(id).Start(TestSilo.TinySpec()));
        Assert.Contains("expected 1-64 letters", error.Message);
    }

    [Fact]
    public async Task Asking_for_what_does_not_exist_names_it()
    {
        var error = await Assert.ThrowsAsync<KeyNotFoundException>(() => silo.Experiment("never-started").Cancel());
        Assert.Contains("no experiment 'never-started'", error.Message);
        Assert.Null(await silo.Experiment("never-started").GetInfo());
    }
}
