using BrainTumor.Imaging.Folds;
using BrainTumor.Protocol.Labels;
using BrainTumor.Imaging.Reading;
using BrainTumor.Imaging.Validation;
using BrainTumor.Testing;

namespace BrainTumor.Imaging.Tests;

public class FoldPlannerTests
{
    /// <summary>120 patients with 1-6 slices each, each patient with one tumour type, skewed classes.</summary>
    private static List<DatasetItem> Patients(int seed = 3)
    {
        var random = new Random(seed);
        var items = new List<DatasetItem>();
        for (var p = 0; p < 120; p++)
        {
            var label = (TumorClass)(random.NextDouble() switch { < 0.25 => 1, < 0.7 => 2, _ => 3 });
            var slices = random.Next(1, 7);
            for (var s = 0; s < slices; s++)
                items.Add(new DatasetItem($"p{p:D3}/s{s}.png", $"/data/p{p:D3}/s{s}.png", label, $"P{p:D3}", new Dictionary<string, string>()));
        }
        return items;
    }

    private static void AssertPatientDisjoint(FoldPlan plan, IReadOnlyList<DatasetItem> items)
    {
        var groupOf = items.ToDictionary(i => i.Id, i => i.Group);
        // Test folds partition the items...
        var tested = plan.Folds.SelectMany(f => f.Test).ToList();
        Assert.Equal(items.Count, tested.Count);
        Assert.Equal(items.Select(i => i.Id).Order(StringComparer.Ordinal), tested.Order(StringComparer.Ordinal));
        // ...no group is in two test folds...
        var foldsOfGroup = plan.Folds.SelectMany(f => f.Test.Select(id => (groupOf[id], f.Number))).Distinct().GroupBy(x => x.Item1);
        Assert.All(foldsOfGroup, g => Assert.Single(g));
        foreach (var fold in plan.Folds)
        {
            // ...and within a fold, train, validation and test share no group and cover everything.
            var train = fold.Train.Select(id => groupOf[id]).ToHashSet();
            var validation = fold.Validation.Select(id => groupOf[id]).ToHashSet();
            var test = fold.Test.Select(id => groupOf[id]).ToHashSet();
            Assert.Empty(train.Intersect(validation));
            Assert.Empty(train.Intersect(test));
            Assert.Empty(validation.Intersect(test));
            Assert.NotEmpty(fold.Validation);
            Assert.NotEmpty(fold.Train);
            Assert.Equal(items.Count, fold.Train.Count + fold.Validation.Count + fold.Test.Count);
        }
    }

    [Fact]
    public void Stratified_grouped_folds_keep_patients_together_and_class_shares_close()
    {
        var items = Patients();
        var plan = FoldPlanner.StratifiedGrouped(items, 5, seed: 11);

        Assert.Equal(5, plan.K);
        Assert.Equal("stratified-group-kfold", plan.Method);
        AssertPatientDisjoint(plan, items);
        var labelOf = items.ToDictionary(i => i.Id, i => i.Label);
        foreach (var cls in LabelMap.All)
        {
            var whole = items.Count(i => i.Label == cls) / (double)items.Count;
            foreach (var fold in plan.Folds)
            {
                var share = fold.Test.Count(id => labelOf[id] == cls) / (double)fold.Test.Count;
                Assert.True(Math.Abs(share - whole) < 0.05, $"fold {fold.Number}, {cls}: {share:P1} vs {whole:P1} overall");
            }
        }
        // Validation is about the asked share of the training part.
        foreach (var fold in plan.Folds)
            Assert.InRange(fold.Validation.Count / (double)(fold.Train.Count + fold.Validation.Count), 0.12, 0.28);
    }

    [Fact]
    public void Same_seed_same_plan_other_seed_other_plan()
    {
        var items = Patients();
        var a = FoldPlanner.StratifiedGrouped(items, 5, seed: 1);
        var b = FoldPlanner.StratifiedGrouped(items, 5, seed: 1);
        var c = FoldPlanner.StratifiedGrouped(items, 5, seed: 2);
        Assert.Equal(a.Folds.Select(f => string.Join(",", f.Test)), b.Folds.Select(f => string.Join(",", f.Test)));
        Assert.Equal(a.Folds.Select(f => string.Join(",", f.Validation)), b.Folds.Select(f => string.Join(",", f.Validation)));
        Assert.NotEqual(a.Folds.Select(f => string.Join(",", f.Test)), c.Folds.Select(f => string.Join(",", f.Test)));
    }

    [Fact]
    public void Data_without_groups_is_refused_not_split_by_image()
    {
        var items = Patients().Select((i, n) => n == 7 ? i with { Group = null } : i).ToList();
        var e = Assert.Throws<InvalidDataException>(() => FoldPlanner.StratifiedGrouped(items, 5, 1));
        Assert.Contains("no patient group", e.Message);
        Assert.Contains(items[7].Id, e.Message);
    }

    [Fact]
    public void More_folds_than_groups_is_an_error_naming_both()
    {
        var items = Patients().Where(i => string.CompareOrdinal(i.Group, "P003") < 0).ToList();
        var e = Assert.Throws<InvalidDataException>(() => FoldPlanner.StratifiedGrouped(items, 5, 1));
        Assert.Contains("5 folds need at least 5 patient groups; the data has 3", e.Message);
    }

    [Fact]
    public void Given_folds_that_split_a_patient_are_refused()
    {
        var items = Patients().Select(i => i with
        {
            Attributes = new Dictionary<string, string> { ["fold"] = (int.Parse(i.Group![1..]) % 3 + 1).ToString() },
        }).ToList();
        var plan = FoldPlanner.FromAttribute(items, "fold", seed: 5);
        Assert.Equal("given:fold", plan.Method);
        AssertPatientDisjoint(plan, items);

        var leaky = items.Select((i, n) => n == 0 ? i with { Attributes = new Dictionary<string, string> { ["fold"] = "2" } } : i).ToList();
        var e = Assert.Throws<InvalidDataException>(() => FoldPlanner.FromAttribute(leaky, "fold", 5));
        Assert.Contains($"group '{items[0].Group}'", e.Message);
        Assert.Contains("not patient-disjoint", e.Message);
    }

    [Fact]
    public void Fold_request_names_the_missing_fold_source()
    {
        var e = Assert.Throws<ArgumentException>(() => new FoldRequest(FoldsFrom: "site_fold").Plan(Patients(), ["cheng_fold"]));
        Assert.Contains("'site_fold' not found", e.Message);
        Assert.Contains("cheng_fold", e.Message);
    }

    [Fact]
    public void Mat_fixtures_take_cvind_folds_and_refuse_a_fold_without_room_for_validation()
    {
        var root = Path.Combine(TestPaths.Fixtures, "figshare-mat");
        var reader = DatasetReaders.ForFolder(root);
        var index = reader.Index(root);
        // cvind puts 1841.mat (PID 100092) in its fold 1 and 1.mat, 1010.mat (PIDs 100000, 100050) in its
        // fold 3. The plan numbers the folds present in order (cvind 1 -> fold 1, cvind 3 -> fold 2), so
        // fold 2 tests cvind 3 and trains on one patient, too few to carve a validation part by patient.
        var e = Assert.Throws<InvalidDataException>(() => new FoldRequest().Plan(index.Items, index.FoldAttributes));
        Assert.Equal("fold 2: its training part has 1 group(s); carving a validation part by group needs at least 2", e.Message);
    }

    [SkippableFact]
    public void Development_data_no_group_crosses_folds_given_or_planned()
    {
        var root = TestPaths.RequireShared("cemri");
        var reader = DatasetReaders.ForFolder(root);
        var index = reader.Index(root);
        Assert.Equal(1787, index.Items.Count);

        var given = new FoldRequest(FoldsFrom: "cheng_fold").Plan(index.Items, index.FoldAttributes);
        AssertPatientDisjoint(given, index.Items);
        Assert.Equal([570, 655, 562], given.Folds.Select(f => f.Test.Count));
        var planned = FoldPlanner.StratifiedGrouped(index.Items, 3, seed: 9);
        AssertPatientDisjoint(planned, index.Items);
        // Each planned test fold is exactly one of Cheng's folds: the only patient-safe grouping here.
        Assert.Equal([562, 570, 655], planned.Folds.Select(f => f.Test.Count).Order());
    }

    [SkippableFact]
    public void Mat_samples_with_the_real_cvind_agree_with_the_manifest_folds()
    {
        var samples = TestPaths.RequireShared("cemri", "mat-samples");
        var cemri = TestPaths.RequireShared("cemri");
        var root = TestPaths.NewTempDirectory("mat-with-cvind");
        foreach (var f in Directory.EnumerateFiles(samples, "*.mat"))
            File.Copy(f, Path.Combine(root, Path.GetFileName(f)));
        File.Copy(Path.Combine(cemri, "cvind.mat"), Path.Combine(root, "cvind.mat"));
        var manifest = Manifest.Read(Path.Combine(cemri, Manifest.FileName)).Rows.Values
            .ToDictionary(r => r["figshare_index"], r => r["cheng_fold"]);

        var index = DatasetReaders.ForFolder(root).Index(root);
        Assert.Equal(12, index.Items.Count);
        var checkedCount = 0;
        foreach (var item in index.Items)
            if (manifest.TryGetValue(item.FigshareIndex!.Value.ToString(), out var fold))
            {
                Assert.Equal(fold, item.Attributes[AttributeNames.Cvind]);
                checkedCount++;
            }
        Assert.True(checkedCount >= 8, $"only {checkedCount} samples are in the manifest");

        // The samples' PIDs are synthetic stand-ins that do not follow Cheng's patients, so the
        // given folds split one of them: that must be refused, naming the patient.
        var e = Assert.Throws<InvalidDataException>(() => new FoldRequest().Plan(index.Items, index.FoldAttributes));
        Assert.Contains("fold source 'cvind' is not patient-disjoint: group '100000'", e.Message);
        // Split by PID instead: 4 patients, 2 folds.
        var plan = new FoldRequest(K: 2).Plan(index.Items, index.FoldAttributes);
        AssertPatientDisjoint(plan, index.Items);
    }
}
