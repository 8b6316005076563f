using System.Diagnostics.CodeAnalysis;

namespace BrainTumor.Protocol.Labels;

/// <summary>
/// Turns folder names, manifest labels and figshare codes into <see cref="TumorClass"/>. Only names
/// that clearly denote one of the three classes are accepted: anything else (for example a
/// "no_tumor" folder from a four-class copy) is rejected by name rather than guessed.
/// </summary>
public static class LabelMap
{
    /// <summary>The classes in index order: index <c>i</c> is the head's output <c>i</c>, a
    /// confusion-matrix row and the order of per-class entries in reports.</summary>
    public static IReadOnlyList<TumorClass> All { get; } = [TumorClass.Meningioma, TumorClass.Glioma, TumorClass.Pituitary];

    /// <summary>Canonical names (<see cref="Name"/>) in index order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(Name)];

    /// <summary>The class's position in <see cref="All"/>.</summary>
    public static int IndexOf(TumorClass label)
    {
        for (var i = 0; i < All.Count; i++)
            if (All[i] == label)
                return i;
        throw new ArgumentOutOfRangeException(nameof(label), label, "not a tumour class");
    }

    // Keys are normalised: lower case, with '_', '-', ' ' and '.' removed.
    private static readonly Dictionary<string, TumorClass> Aliases = new()
    {
        ["meningioma"] = TumorClass.Meningioma,
        ["meningiomatumor"] = TumorClass.Meningioma,
        ["meningiomatumour"] = TumorClass.Meningioma,
        ["glioma"] = TumorClass.Glioma,
        ["gliomatumor"] = TumorClass.Glioma,
        ["gliomatumour"] = TumorClass.Glioma,
        ["pituitary"] = TumorClass.Pituitary,
        ["pituitarytumor"] = TumorClass.Pituitary,
        ["pituitarytumour"] = TumorClass.Pituitary,
        ["pituitaryadenoma"] = TumorClass.Pituitary,
    };

    /// <summary>The canonical lower-case name used in reports, folder layouts and JSON.</summary>
    public static string Name(TumorClass label) => label switch
    {
        TumorClass.Meningioma => "meningioma",
        TumorClass.Glioma => "glioma",
        TumorClass.Pituitary => "pituitary",
        _ => throw new ArgumentOutOfRangeException(nameof(label), label, "not a tumour class"),
    };

    public static bool TryParseName(string name, [NotNullWhen(true)] out TumorClass? label)
    {
        var key = new string(name.Where(c => c is not ('_' or '-' or ' ' or '.')).Select(char.ToLowerInvariant).ToArray());
        if (Aliases.TryGetValue(key, out var found))
        {
            label = found;
            return true;
        }
        label = null;
        return false;
    }

    /// <summary>Figshare's numeric code: 1 meningioma, 2 glioma, 3 pituitary.</summary>
    public static bool TryFromFigshareCode(double code, [NotNullWhen(true)] out TumorClass? label)
    {
        label = code switch
        {
            1 => TumorClass.Meningioma,
            2 => TumorClass.Glioma,
            3 => TumorClass.Pituitary,
            _ => null,
        };
        return label is not null;
    }

    public static string ExpectedNames => "meningioma, glioma or pituitary (or an alias such as glioma_tumor)";
}
