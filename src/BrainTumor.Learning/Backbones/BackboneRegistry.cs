using System.Reflection;

namespace BrainTumor.Learning.Backbones;

/// <summary>
/// Every backbone of the platform: each non-abstract <see cref="BackboneDefinition"/> of this
/// assembly, found by reflection, in name order.
/// </summary>
public static class BackboneRegistry
{
    private static readonly Lazy<IReadOnlyList<BackboneDefinition>> Definitions = new(() => Discover(typeof(BackboneDefinition).Assembly));

    public static IReadOnlyList<BackboneDefinition> All => Definitions.Value;

    public static IEnumerable<string> Names => All.Select(b => b.Name);

    /// <summary>The backbone of that name (case-sensitive), or an error that lists the known ones.</summary>
    public static BackboneDefinition Get(string name) =>
        All.FirstOrDefault(b => b.Name == name)
        ?? throw new ArgumentException($"unknown backbone '{name}'; known: {string.Join(", ", Names)}", nameof(name));

    internal static IReadOnlyList<BackboneDefinition> Discover(Assembly assembly)
    {
        var definitions = assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(BackboneDefinition)) && !t.IsAbstract)
            .Select(t => t.GetConstructor(Type.EmptyTypes) is not null
                ? (BackboneDefinition)Activator.CreateInstance(t)!
                : throw new InvalidOperationException($"backbone {t.FullName} needs a public parameterless constructor"))
            .OrderBy(b => b.Name, StringComparer.Ordinal)
            .ToList();
        var duplicate = definitions.GroupBy(b => b.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"backbone name '{duplicate.Key}' is taken by {string.Join(" and ", duplicate.Select(b => b.GetType().Name))}");
        return definitions;
    }
}
