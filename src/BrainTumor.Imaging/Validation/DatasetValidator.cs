using BrainTumor.Protocol.Labels;
using BrainTumor.Imaging.Reading;

namespace BrainTumor.Imaging.Validation;

/// <summary>
/// Reads every indexed item once, in parallel, and sorts it into accepted or rejected. A bad file
/// is recorded with its reason and never stops the others.
/// </summary>
public static class DatasetValidator
{
    public sealed record Result(ValidationReport Report, IReadOnlyList<DatasetItem> Accepted);

    public static Result Validate(IDatasetReader reader, DatasetIndex index, int? maxParallelism = null, CancellationToken cancellation = default)
    {
        var outcomes = new (string? Hash, RejectedFile? Rejected)[index.Items.Count];
        Parallel.For(0, index.Items.Count,
            new ParallelOptions { MaxDegreeOfParallelism = maxParallelism ?? Environment.ProcessorCount, CancellationToken = cancellation },
            i => outcomes[i] = Check(reader, index.Items[i]));

        var accepted = new List<DatasetItem>();
        var rejected = new List<RejectedFile>(index.Rejected);
        var byHash = new Dictionary<string, List<DatasetItem>>(StringComparer.Ordinal);
        for (var i = 0; i < outcomes.Length; i++)
        {
            var (hash, reject) = outcomes[i];
            if (reject is not null)
            {
                rejected.Add(reject);
                continue;
            }
            var item = index.Items[i];
            accepted.Add(item);
            if (!byHash.TryGetValue(hash!, out var same))
                byHash[hash!] = same = [];
            same.Add(item);
        }

        var duplicates = byHash.Where(kv => kv.Value.Count > 1)
            .Select(kv => new DuplicateSet(kv.Key, kv.Value.Select(v => v.Id).ToList(), kv.Value.Select(v => v.Group).Distinct().Count() > 1))
            .OrderBy(d => d.Files[0], StringComparer.Ordinal)
            .ToList();
        var groups = accepted.Where(a => a.Group is not null).GroupBy(a => a.Group!)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count());
        var report = new ValidationReport
        {
            Path = index.Root,
            Format = index.Format,
            Items = accepted.Count,
            Classes = LabelMap.All.ToDictionary(LabelMap.Name, c => accepted.Count(a => a.Label == c)),
            Groups = groups.Count,
            GroupSource = index.GroupSource,
            Ungrouped = accepted.Count(a => a.Group is null),
            GroupSizes = groups,
            FoldSources = index.FoldAttributes,
            Rejected = rejected.OrderBy(r => r.File, StringComparer.Ordinal).ToList(),
            Duplicates = duplicates,
        };
        return new Result(report, accepted);
    }

    private static (string?, RejectedFile?) Check(IDatasetReader reader, DatasetItem item)
    {
        try
        {
            var image = reader.ReadPixels(item);
            image.RequireContrast();
            return (image.PixelHash(), null);
        }
        catch (Exception e)
        {
            return (null, RejectedFile.For(item, e));
        }
    }
}
