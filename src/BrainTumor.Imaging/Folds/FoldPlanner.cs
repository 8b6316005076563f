using System.Security.Cryptography;
using System.Text;
using BrainTumor.Protocol.Labels;
using BrainTumor.Imaging.Reading;

namespace BrainTumor.Imaging.Folds;

/// <summary>
/// Plans patient-disjoint folds. Folds come from the data when it carries them (Cheng's
/// <c>cvind.mat</c>, a manifest column such as <c>cheng_fold</c>); otherwise groups are split by
/// <see cref="StratifiedGroupKFold"/>. Either way, each fold's validation part is carved, by group,
/// out of its training part: the test fold never steers a decision.
/// </summary>
public static class FoldPlanner
{
    public const double DefaultValidationFraction = 0.2;

    /// <summary>Folds given by the data, one per distinct value of <paramref name="attribute"/>.</summary>
    public static FoldPlan FromAttribute(IReadOnlyList<DatasetItem> items, string attribute, int seed, double validationFraction = DefaultValidationFraction)
    {
        var missing = items.Where(i => !i.Attributes.TryGetValue(attribute, out var v) || v.Length == 0).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException(
                $"fold source '{attribute}': {missing.Count} item(s) have no value, for example {missing[0].Id}");
        var values = items.Select(i => i.Attributes[attribute]).Distinct()
            .OrderBy(v => int.TryParse(v, out var n) ? n : int.MaxValue).ThenBy(v => v, StringComparer.Ordinal).ToList();
        if (values.Count < 2)
            throw new InvalidDataException($"fold source '{attribute}' has a single value ('{values[0]}'); cross-validation needs at least 2 folds");
        RequireGroups(items);
        foreach (var group in items.GroupBy(i => i.Group!))
        {
            var folds = group.Select(i => i.Attributes[attribute]).Distinct().ToList();
            if (folds.Count > 1)
                throw new InvalidDataException(
                    $"fold source '{attribute}' is not patient-disjoint: group '{group.Key}' is in folds {string.Join(" and ", folds)}");
        }
        var testSets = values.Select(v => items.Where(i => i.Attributes[attribute] == v).ToList()).ToList();
        return Build(items, testSets, $"given:{attribute}", seed, validationFraction);
    }

    /// <summary>Patient-grouped, class-stratified k folds with a seed.</summary>
    public static FoldPlan StratifiedGrouped(IReadOnlyList<DatasetItem> items, int k, int seed, double validationFraction = DefaultValidationFraction)
    {
        if (k < 2)
            throw new ArgumentOutOfRangeException(nameof(k), k, "cross-validation needs at least 2 folds");
        RequireGroups(items);
        var groupCount = items.Select(i => i.Group).Distinct().Count();
        if (groupCount < k)
            throw new InvalidDataException($"{k} folds need at least {k} patient groups; the data has {groupCount}");
        var assignment = StratifiedGroupKFold.Assign(ClassCounts(items), k, seed);
        var testSets = Enumerable.Range(0, k).Select(f => items.Where(i => assignment[i.Group!] == f).ToList()).ToList();
        return Build(items, testSets, "stratified-group-kfold", seed, validationFraction);
    }

    /// <summary>SHA-256 of ids, labels and groups, in id order.</summary>
    public static string Digest(IEnumerable<DatasetItem> items)
    {
        var text = new StringBuilder();
        foreach (var item in items.OrderBy(i => i.Id, StringComparer.Ordinal))
            text.Append(item.Id).Append('\t').Append((int)item.Label).Append('\t').Append(item.Group).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static FoldPlan Build(IReadOnlyList<DatasetItem> items, List<List<DatasetItem>> testSets, string method, int seed, double validationFraction)
    {
        if (validationFraction is <= 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "expected a fraction between 0 and 1");
        var folds = new List<Fold>();
        for (var f = 0; f < testSets.Count; f++)
        {
            var test = testSets[f].Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
            var training = items.Where(i => !test.Contains(i.Id)).ToList();
            var trainingGroups = training.Select(i => i.Group).Distinct().Count();
            if (trainingGroups < 2)
                throw new InvalidDataException(
                    $"fold {f + 1}: its training part has {trainingGroups} group(s); carving a validation part by group needs at least 2");
            // The validation part is one fold of a grouped, stratified split of the training part.
            var parts = Math.Clamp((int)Math.Round(1 / validationFraction), 2, trainingGroups);
            var inner = StratifiedGroupKFold.Assign(ClassCounts(training), parts, seed + 1000 * (f + 1));
            var validation = training.Where(i => inner[i.Group!] == 0).Select(i => i.Id).ToList();
            var train = training.Where(i => inner[i.Group!] != 0).Select(i => i.Id).ToList();
            folds.Add(new Fold(f + 1, train, validation, testSets[f].Select(i => i.Id).ToList()));
        }
        return new FoldPlan
        {
            Method = method,
            K = testSets.Count,
            Seed = seed,
            ValidationFraction = validationFraction,
            ItemsDigest = Digest(items),
            ItemCount = items.Count,
            Folds = folds,
        };
    }

    private static Dictionary<string, int[]> ClassCounts(IEnumerable<DatasetItem> items)
    {
        var counts = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (!counts.TryGetValue(item.Group!, out var c))
                counts[item.Group!] = c = new int[LabelMap.All.Count];
            c[LabelMap.IndexOf(item.Label)]++;
        }
        return counts;
    }

    private static void RequireGroups(IReadOnlyList<DatasetItem> items)
    {
        var ungrouped = items.Where(i => i.Group is null).ToList();
        if (ungrouped.Count > 0)
            throw new InvalidDataException(
                $"{ungrouped.Count} item(s) have no patient group, for example {ungrouped[0].Id}; splitting by image would leak " +
                "patients between folds. Give the data patient ids (figshare PID, or a patient_id or *_fold column in manifest.csv)");
    }
}
