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
        { "policy", "policy" },
        { "epochs", "MaxEpochs" },
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
