using BrainTumor.Protocol.Labels;
namespace BrainTumor.Imaging.Folds;

/// <summary>
/// How a user asks for folds: <see cref="FoldsFrom"/> names an attribute that carries folds
/// (<c>cheng_fold</c>, <c>cvind</c>); <see cref="K"/> asks for a grouped, stratified split. With
/// neither, folds given by the data are used when it has them, else 5 grouped folds.
/// </summary>
public sealed record FoldRequest(int? K = null, string? FoldsFrom = null, int Seed = 42, double ValidationFraction = FoldPlanner.DefaultValidationFraction)
{
    public const int DefaultK = 5;

    /// <summary>The plan, refused when a class has too few items for every fold to be tested on it.</summary>
    public FoldPlan Plan(IReadOnlyList<Reading.DatasetItem> items, IReadOnlyList<string> givenFoldAttributes)
    {
        if (K is { } k)
            RequireItemsPerClass(items, k);
        var plan = PlanFolds(items, givenFoldAttributes);
        RequireItemsPerClass(items, plan.K);
        return plan;
    }

    private static void RequireItemsPerClass(IReadOnlyList<Reading.DatasetItem> items, int k)
    {
        foreach (var label in LabelMap.All)
        {
            var count = items.Count(i => i.Label == label);
            if (count < k)
                throw new InvalidDataException($"class {LabelMap.Name(label)} has {count} item(s); {k} folds need at least {k} of every class");
        }
    }

    private FoldPlan PlanFolds(IReadOnlyList<Reading.DatasetItem> items, IReadOnlyList<string> givenFoldAttributes)
    {
        if (K is not null && FoldsFrom is not null)
            throw new ArgumentException("give either a number of folds or a fold source, not both");
        if (FoldsFrom is { } source)
        {
            if (!items.Any(i => i.Attributes.ContainsKey(source)))
                throw new ArgumentException(givenFoldAttributes.Count == 0
                    ? $"fold source '{source}' not found: this dataset carries no folds; use a number of folds instead"
                    : $"fold source '{source}' not found; this dataset carries: {string.Join(", ", givenFoldAttributes)}");
            return FoldPlanner.FromAttribute(items, source, Seed, ValidationFraction);
        }
        if (K is null && givenFoldAttributes.Count > 0)
            return FoldPlanner.FromAttribute(items, givenFoldAttributes[0], Seed, ValidationFraction);
        return FoldPlanner.StratifiedGrouped(items, K ?? DefaultK, Seed, ValidationFraction);
    }
}
