using System.Text.Json;
using BrainTumor.Contracts;
using BrainTumor.Testing;

namespace BrainTumor.Grains.Tests;

/// <summary>The dataset grain's validation report: what it holds, that it is kept while the files are unchanged, and that folds are planned on accepted slices only.</summary>
[Collection(SiloCollection.Name)]
public sealed class DatasetGrainTests(TestSilo silo)
{
    /// <summary>4 slices per class from the sample; one meningioma broken, one glioma copied under a new name (outside the manifest: no group).</summary>
    private string MixedDataset()
    {
        var folder = TestDatasets.SampleSubset(TestDatasets.NewFolder(silo.DataFolder, "mixed"), perClass: 4);
        var ids = TestDatasets.Ids(folder);
        TestDatasets.Break(folder, ids.First(i => i.StartsWith("meningioma/", StringComparison.Ordinal)));
        var glioma = ids.First(i => i.StartsWith("glioma/", StringComparison.Ordinal));
        File.Copy(Path.Combine(folder, "images", glioma), Path.Combine(folder, "images", "glioma", "copy.jpg"));
        return folder;
    }

    [Fact]
    public async Task Describe_reports_accepted_items_per_class_and_group_rejected_files_with_reasons_and_duplicates()
    {
        var folder = MixedDataset();
        var ids = TestDatasets.Ids(folder);
        var broken = ids.First(i => i.StartsWith("meningioma/", StringComparison.Ordinal));
        var glioma = ids.First(i => i.StartsWith("glioma/", StringComparison.Ordinal));

        var report = await silo.Grains.GetGrain<IDatasetGrain>(folder).Describe();

        Assert.Equal(folder, report.Path);
        Assert.Equal("image-folder", report.Format);
        Assert.Equal(12, report.Items); // 12 listed + 1 copy - 1 broken
        Assert.Equal(new Dictionary<string, int> { ["meningioma"] = 3, ["glioma"] = 5, ["pituitary"] = 4 }, report.Classes);
        Assert.Equal("manifest:cheng_fold", report.GroupSource);
        Assert.Equal(1, report.Ungrouped); // the copy
        Assert.Equal(11, report.GroupSizes.Values.Sum());
        Assert.Equal(report.GroupSizes.Count, report.Groups);
        var rejected = Assert.Single(report.Rejected);
        Assert.Equal(broken, rejected.File);
        Assert.Equal("not_an_image", rejected.Reason);
        Assert.False(string.IsNullOrWhiteSpace(rejected.Detail));
        var duplicate = Assert.Single(report.Duplicates);
        Assert.Equal([glioma, "glioma/copy.jpg"], duplicate.Files.Order(StringComparer.Ordinal));
        Assert.True(duplicate.CrossesGroups); // a group and no group
        Assert.Equal(["cheng_fold"], report.FoldSources);
    }

    [Fact]
    public async Task The_report_is_kept_while_the_files_are_unchanged_and_made_again_when_one_changes()
    {
        var folder = TestDatasets.SampleSubset(TestDatasets.NewFolder(silo.DataFolder, "kept"), perClass: 3);
        var grain = silo.Grains.GetGrain<IDatasetGrain>(folder);
        var first = await grain.Describe();
        Assert.Empty(first.Rejected);

        var again = await grain.Describe();
        Assert.Equal(first.ContentKey, again.ContentKey);
        Assert.Equal(first.Validated, again.Validated); // not validated again
        // Kept in grain state (the silo's file storage), so a new activation reads it back instead of validating again.
        Assert.Contains(Directory.EnumerateFiles(Path.Combine(silo.Folder, "state"), "*", SearchOption.AllDirectories),
            f => File.ReadAllText(f).Contains(first.ContentKey, StringComparison.Ordinal));
        await silo.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var reactivated = await grain.Describe();
        Assert.Equal(first.Validated, reactivated.Validated);
        Assert.Equal(first.Classes, reactivated.Classes);

        var changed = TestDatasets.Ids(folder)[^1];
        TestDatasets.Break(folder, changed);
        var after = await grain.Describe();
        Assert.NotEqual(first.ContentKey, after.ContentKey);
        Assert.True(after.Validated > first.Validated);
        Assert.Equal(changed, Assert.Single(after.Rejected).File);
        Assert.Equal(8, after.Items);
    }

    [Fact]
    public async Task The_rejected_items_gauge_is_recorded_for_a_fresh_report_and_for_one_read_back_from_grain_state()
    {
        var folder = MixedDataset();
        var seen = new List<(string Reason, long Items)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == Telemetry.BrainTumorMetrics.MeterName && instrument.Name == "braintumor.dataset.rejected.items")
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var all = tags.ToArray();
            if (all.Any(t => t.Key == "braintumor.dataset" && Equals(t.Value, folder)))
                lock (seen)
                    seen.Add(((string)all.Single(t => t.Key == "braintumor.rejection.reason").Value!, value));
        });
        listener.Start();
        var grain = silo.Grains.GetGrain<IDatasetGrain>(folder);

        await grain.Describe(); // validated now
        var fresh = seen.ToList();
        seen.Clear();
        await silo.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var kept = await grain.Describe(); // a new activation: the report comes from grain state

        Assert.Equal(Enum.GetValues<BrainTumor.Imaging.Reading.RejectionReason>().Length, fresh.Count); // every reason, zeros included
        Assert.Equal(1, fresh.Single(m => m.Reason == "not_an_image").Items);
        Assert.Equal(0, fresh.Where(m => m.Reason != "not_an_image").Sum(m => m.Items));
        Assert.Equal(fresh, seen); // the same values again, though nothing was validated
        Assert.Single(kept.Rejected);
    }

    [Fact]
    public async Task A_folder_outside_the_data_roots_is_not_read()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => silo.Grains.GetGrain<IDatasetGrain>(TestPaths.Fixtures).Describe());
        Assert.StartsWith($"dataset {TestPaths.Fixtures}: outside the configured data roots", error.Message);
    }

    [Fact]
    public async Task Folds_are_planned_on_the_accepted_items_only()
    {
        var folder = TestDatasets.SampleSubset(TestDatasets.NewFolder(silo.DataFolder, "planned"), perClass: 10);
        var broken = TestDatasets.Ids(folder).First(i => i.StartsWith("meningioma/", StringComparison.Ordinal));
        TestDatasets.Break(folder, broken);
        var run = TestPaths.NewTempDirectory("plan");

        var folds = await silo.Grains.GetGrain<IDatasetGrain>(folder).PlanFolds(TestSilo.TinySpec() with { Dataset = folder, MaxItems = null }, run);

        Assert.Equal([1, 2], folds);
        using var plan = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(run, "folds.json")));
        Assert.Equal(29, plan.RootElement.GetProperty("item_count").GetInt32());
        var tested = plan.RootElement.GetProperty("folds").EnumerateArray()
            .SelectMany(f => f.GetProperty("test").EnumerateArray().Select(t => t.GetString()!)).ToList();
        Assert.Equal(29, tested.Count);
        Assert.DoesNotContain(broken, tested);
    }
}
