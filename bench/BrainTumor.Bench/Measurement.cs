using System.Text.Json;

namespace BrainTumor.Bench;

/// <summary>Medians over repeats, and where results are written.</summary>
internal static class Measurement
{
    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public static string Write(string name, object result, string? path)
    {
        path ??= Path.Combine("artifacts", "bench", $"{name}.json");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
        return Path.GetFullPath(path);
    }
}
