
namespace BrainTumor.Testing;

/// <summary>Small datasets made for one test from the shipped sample (real slices, its manifest), some files broken on purpose.</summary>
public static class TestDatasets
{
    /// <summary>Bytes that are no image: a decoder refuses them.</summary>
    public static readonly byte[] Garbage = "this is not an image, whatever its name says"u8.ToArray();

    /// <summary>A new folder under <paramref name="root"/> (a data root of the test silo).</summary>
    public static string NewFolder(string root, string name)
    {
        var folder = Path.Combine(root, $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>The first <paramref name="perClass"/> slices of every class of the sample, with their manifest rows (groups: cheng_fold).</summary>
    public static string SampleSubset(string folder, int perClass)
    {
        var lines = File.ReadAllLines(Path.Combine(TestPaths.Sample, "manifest.csv"));
        var rows = lines.Skip(1).GroupBy(l => l.Split(',')[1]).SelectMany(g => g.Take(perClass)).ToList();
        foreach (var row in rows)
        {
            var id = row.Split(',')[0];
            var target = Path.Combine(folder, "images", id);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(TestPaths.Sample, "images", id), target);
        }
        File.WriteAllLines(Path.Combine(folder, "manifest.csv"), [lines[0], .. rows]);
        return folder;
    }

    /// <summary>The ids (<c>class/file</c>) of a dataset made by <see cref="SampleSubset"/>, in manifest order.</summary>
    public static List<string> Ids(string folder) =>
        [.. File.ReadAllLines(Path.Combine(folder, "manifest.csv")).Skip(1).Select(l => l.Split(',')[0])];

    public static void Break(string folder, string id) => File.WriteAllBytes(Path.Combine(folder, "images", id), Garbage);
}
