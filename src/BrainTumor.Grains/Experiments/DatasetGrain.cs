using BrainTumor.Grains.Telemetry;
using BrainTumor.Grains.Training;
using BrainTumor.Imaging.Folds;
using BrainTumor.Imaging.Reading;
using BrainTumor.Imaging.Validation;
using BrainTumor.Protocol.Specs;
using Microsoft.Extensions.Options;

namespace BrainTumor.Grains.Experiments;

[GenerateSerializer]
public sealed class DatasetState
{
    /// <summary>The last validation report; its <see cref="DatasetSummary.ContentKey"/> says which content it describes.
    /// Its rejected files name the items left out (an item's file is its id).</summary>
    [Id(0)] public DatasetSummary? Report { get; set; }
}

/// <summary>
/// A dataset folder (keyed by its full path): its index, its validation report and the fold plans
/// experiments make of it. Validation reads every file, which is the cost (seconds for a thousand
/// slices), so its report is kept in grain state with the content key it was made for and is reused
/// until a file is added, removed or changed. Reading runs off the grain's scheduler.
/// </summary>
public sealed class DatasetGrain(
    [PersistentState("dataset")] IPersistentState<DatasetState> state,
    IOptions<ExperimentsOptions> options,
    IOptions<ImagingOptions> imaging,
    BrainTumorMetrics metrics) : Grain, IDatasetGrain
{
    private string Folder => this.GetPrimaryKeyString();

    async Task<DatasetSummary> IDatasetGrain.Describe() => (await Validated()).Report;

    async Task<IReadOnlyList<int>> IDatasetGrain.PlanFolds(ExperimentSpec spec, string runFolder)
    {
        var (index, report, accepted) = await Validated();
        if (accepted.Count == 0)
            throw new InvalidDataException(DatasetSummaries.NoneReadable(report));
        var items = spec.MaxItems is { } max ? Subset(accepted, max, spec.Seed) : accepted;
        try
        {
            var plan = await Task.Run(() => FoldPlanStore.LoadOrCreate(RunLayout.Plan(runFolder), items,
                () => new FoldRequest(spec.Folds, spec.FoldsFrom, spec.Seed).Plan(items, index.FoldAttributes)));
            return [.. plan.Folds.Select(f => f.Number)];
        }
        catch (InvalidDataException e) when (report.Rejected.Count > 0)
        {
            // Say what was left out: the counts that failed are of readable slices only.
            throw new InvalidDataException($"{e.Message} ({DatasetSummaries.RejectedNote(report)})", e);
        }
    }

    /// <summary>The index as it is now, the report for its content (made now only when the content changed) and the accepted items.</summary>
    private async Task<(DatasetIndex Index, DatasetSummary Report, List<DatasetItem> Accepted)> Validated()
    {
        var limits = imaging.Value.Limits;
        // Any caller can name a grain: only folders under the data roots are read.
        SpecChecks.Under(Folder, options.Value.DataRoots, "dataset", SpecChecks.DataRootsName);
        var (reader, index, key) = await Task.Run(() =>
        {
            var reader = DatasetReaders.ForFolder(Folder, limits);
            var index = reader.Index(Folder);
            return (reader, index, DatasetContent.Key(index, limits));
        });
        if (state.State.Report?.ContentKey != key)
        {
            var result = await Task.Run(() => DatasetValidator.Validate(reader, index));
            state.State = new DatasetState { Report = DatasetSummaries.Of(result.Report, key, DateTimeOffset.UtcNow) };
            await state.WriteStateAsync();
        }
        var report = state.State.Report!;
        metrics.DatasetReport(report);
        var rejected = report.Rejected.Select(r => r.File).ToHashSet(StringComparer.Ordinal);
        return (index, report, [.. index.Items.Where(i => !rejected.Contains(i.Id))]);
    }

    /// <summary>At most <paramref name="max"/> items, the same share of every class, chosen by the seed.</summary>
    private static List<DatasetItem> Subset(List<DatasetItem> items, int max, int seed)
    {
        if (max >= items.Count)
            return items;
        var random = new Random(seed);
        return [.. items.GroupBy(i => i.Label)
            .SelectMany(g => g.OrderBy(_ => random.Next()).Take((int)Math.Round((double)max * g.Count() / items.Count)))
            .OrderBy(i => i.Id, StringComparer.Ordinal)];
    }
}
