using BrainTumor.Grains.Telemetry;
using BrainTumor.Grains.Training;
using BrainTumor.Imaging.Folds;
using BrainTumor.Imaging.Labels;
using BrainTumor.Imaging.Reading;
using Microsoft.Extensions.Options;

namespace BrainTumor.Grains.Experiments;

/// <summary>
/// A dataset folder (keyed by its full path): its index and the fold plans experiments make of it.
/// Reading the folder runs off the grain's scheduler; the index is kept while the grain lives.
/// </summary>
public sealed class DatasetGrain(IOptions<ExperimentOptions> options, BrainTumorMetrics metrics) : Grain, IDatasetGrain
{
    private DatasetIndex? _index;

    private string Folder => this.GetPrimaryKeyString();

    async Task<DatasetSummary> IDatasetGrain.Describe()
    {
        var index = await Index();
        return new DatasetSummary(Folder, index.Format, index.Items.Count,
            LabelMap.All.ToDictionary(LabelMap.Name, l => index.Items.Count(i => i.Label == l)),
            index.Items.Select(i => i.Group).Distinct().Count(), index.FoldAttributes);
    }

    async Task<IReadOnlyList<int>> IDatasetGrain.PlanFolds(ExperimentSpec spec, string runFolder)
    {
        var index = await Index();
        var items = spec.MaxItems is { } max ? Subset(index.Items, max, spec.Seed) : index.Items;
        var plan = await Task.Run(() => FoldPlanStore.LoadOrCreate(RunLayout.Plan(runFolder), items,
            () => new FoldRequest(spec.Folds, spec.FoldsFrom, spec.Seed).Plan(items, index.FoldAttributes)));
        return [.. plan.Folds.Select(f => f.Number)];
    }

    private async Task<DatasetIndex> Index()
    {
        if (_index is null)
        {
            _index = await Task.Run(() => DatasetReaders.ForFolder(Folder, options.Value.ImagingLimits).Index(Folder));
            metrics.Indexed(Folder, _index.Rejected);
        }
        return _index;
    }

    /// <summary>At most <paramref name="max"/> items, the same share of every class, chosen by the seed.</summary>
    private static List<DatasetItem> Subset(IReadOnlyList<DatasetItem> items, int max, int seed)
    {
        if (max >= items.Count)
            return [.. items];
        var random = new Random(seed);
        return [.. items.GroupBy(i => i.Label)
            .SelectMany(g => g.OrderBy(_ => random.Next()).Take((int)Math.Round((double)max * g.Count() / items.Count)))
            .OrderBy(i => i.Id, StringComparer.Ordinal)];
    }
}
