using System.Text.Json;
using BrainTumor.Imaging.Reading;
using BrainTumor.Imaging.Storage;

namespace BrainTumor.Imaging.Folds;

/// <summary>Saves a fold plan as JSON beside a run and reuses it on resume.</summary>
public static class FoldPlanStore
{
    public const string FileName = "folds.json";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>
    /// Returns the plan saved at <paramref name="path"/> if there is one (after checking it covers
    /// exactly these items), otherwise makes one with <paramref name="plan"/> and saves it.
    /// </summary>
    public static FoldPlan LoadOrCreate(string path, IReadOnlyList<DatasetItem> items, Func<FoldPlan> plan)
    {
        if (File.Exists(path))
        {
            var saved = Load(path);
            var digest = FoldPlanner.Digest(items);
            if (saved.ItemsDigest != digest)
                throw new InvalidDataException(
                    $"{path}: the saved fold plan covers {saved.ItemCount} items (digest {saved.ItemsDigest[..12]}) but the dataset now has " +
                    $"{items.Count} (digest {digest[..12]}); the data changed since the run started. Restore the data, or start a new run");
            return saved;
        }
        var created = plan();
        Save(created, path);
        return created;
    }

    public static FoldPlan Load(string path)
    {
        try
        {
            var plan = JsonSerializer.Deserialize<FoldPlan>(File.ReadAllText(path), Json)
                ?? throw new InvalidDataException($"{path}: empty fold plan");
            if (plan.Version != FoldPlan.CurrentVersion)
                throw new InvalidDataException($"{path}: fold plan version {plan.Version}, expected {FoldPlan.CurrentVersion}");
            return plan;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a fold plan ({e.Message})", e);
        }
    }

    public static void Save(FoldPlan plan, string path)
    {
        AtomicFile.Write(path, partial => File.WriteAllText(partial, JsonSerializer.Serialize(plan, Json)));
    }
}
