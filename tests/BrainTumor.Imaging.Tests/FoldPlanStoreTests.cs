using BrainTumor.Imaging.Folds;
using BrainTumor.Protocol.Labels;
using BrainTumor.Imaging.Reading;
using BrainTumor.Testing;

namespace BrainTumor.Imaging.Tests;

public class FoldPlanStoreTests
{
    private static List<DatasetItem> Items(int patients) =>
        Enumerable.Range(0, patients).SelectMany(p => Enumerable.Range(0, 2).Select(s =>
            new DatasetItem($"{p}-{s}.png", $"/d/{p}-{s}.png", (TumorClass)(p % 3 + 1), $"P{p}", new Dictionary<string, string>()))).ToList();

    [Fact]
    public void Saved_plan_is_reused_on_resume_even_when_asked_differently()
    {
        var path = Path.Combine(TestPaths.NewTempDirectory("plan"), "run", FoldPlanStore.FileName);
        var items = Items(30);
        var first = FoldPlanStore.LoadOrCreate(path, items, () => FoldPlanner.StratifiedGrouped(items, 5, seed: 1));
        Assert.True(File.Exists(path));

        var calls = 0;
        var resumed = FoldPlanStore.LoadOrCreate(path, items, () => { calls++; return FoldPlanner.StratifiedGrouped(items, 3, seed: 99); });

        Assert.Equal(0, calls);
        Assert.Equal(5, resumed.K);
        Assert.Equal(first.Folds.Select(f => f.Test), resumed.Folds.Select(f => f.Test));
        Assert.Equal(first.Folds.Select(f => f.Validation), resumed.Folds.Select(f => f.Validation));
        Assert.Equal(first.ItemsDigest, resumed.ItemsDigest);
    }

    [Fact]
    public void Plan_for_other_items_is_refused_and_left_on_disk()
    {
        var path = Path.Combine(TestPaths.NewTempDirectory("plan-mismatch"), FoldPlanStore.FileName);
        var items = Items(30);
        FoldPlanStore.LoadOrCreate(path, items, () => FoldPlanner.StratifiedGrouped(items, 5, 1));
        var before = File.ReadAllText(path);

        var changed = Items(31);
        var e = Assert.Throws<InvalidDataException>(() => FoldPlanStore.LoadOrCreate(path, changed, () => FoldPlanner.StratifiedGrouped(changed, 5, 1)));

        Assert.Contains(path, e.Message);
        Assert.Contains("60 items", e.Message);
        Assert.Contains("62", e.Message);
        Assert.Equal(before, File.ReadAllText(path));
    }

    [Fact]
    public void Damaged_plan_file_is_an_error_naming_it()
    {
        var path = Path.Combine(TestPaths.NewTempDirectory("plan-bad"), FoldPlanStore.FileName);
        File.WriteAllText(path, "{ \"version\": 1, \"folds\": [");
        var e = Assert.Throws<InvalidDataException>(() => FoldPlanStore.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("not a fold plan", e.Message);
    }
}
