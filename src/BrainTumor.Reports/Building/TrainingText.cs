using System.Globalization;
using BrainTumor.Protocol.Specs;

namespace BrainTumor.Reports.Building;

/// <summary>The training settings of a spec in words, for the report's settings table and protocol comparison.</summary>
public static class TrainingText
{
    /// <summary>The augmentation of training slices: "horizontal flips, rotation +-15 deg, ..." or "none".</summary>
    public static string Augmentation(ExperimentSpec s)
    {
        static string N(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
        var parts = new List<string>();
        if (s.Augment) parts.Add("horizontal flips");
        if (s.Rotate > 0) parts.Add($"rotation up to {N(s.Rotate)} degrees");
        if (s.Scale > 0) parts.Add($"zoom x{N(1 - s.Scale)} to x{N(1 + s.Scale)}");
        if (s.Translate > 0) parts.Add($"shifts up to {N(s.Translate * 100)}% of the side");
        if (s.Intensity > 0) parts.Add($"brightness, contrast and gamma of strength {N(s.Intensity)}");
        if (s.Noise > 0) parts.Add($"Gaussian noise sd {N(s.Noise)}");
        if (parts.Count == 0)
            return "none";
        return string.Join(", ", parts) + (s.AugmentedViews > 0 ? $" ({s.AugmentedViews} cached views per slice)" : "");
    }

    /// <summary>"cpu", "cpu, overridden: epochs = 5" or "none".</summary>
    public static string Recipe(ExperimentSpec s)
    {
        if (s.Recipe is null || NamedRecipes.Find(s.Recipe) is not { } recipe)
            return s.Recipe ?? "none";
        var overridden = recipe.Overridden(s);
        return overridden.Count == 0 ? recipe.Name : $"{recipe.Name}, overridden: {string.Join(", ", overridden.Select(f => $"{f.Key} = {f.Text(s) ?? "(none)"}"))}";
    }

    /// <summary>The spec fields the settings table does not give a row of its own, with their values (key = value).</summary>
    public static IEnumerable<(string Key, string Value)> OtherFields(ExperimentSpec s, IReadOnlySet<string> shown) =>
        ExperimentSpecFields.All.Where(f => !shown.Contains(f.Key)).Select(f => (f.Key, f.Text(s) ?? "(none)"));
}
