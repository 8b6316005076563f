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

    /// <summary>Nearest-rank percentile: the smallest value with at least <paramref name="percent"/>% of the values at or below it (p99 of 100 values is the 99th).</summary>
    public static double Percentile(IReadOnlyList<double> values, double percent)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    /// <summary>The 1, 5 and 15 minute load averages (/proc/loadavg): how busy the shared machine was.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>Writes <paramref name="result"/> as JSON with snake_case names (records included) to <paramref name="path"/> or artifacts/bench/<paramref name="name"/>.json.</summary>
    public static string Write(string name, object result, string? path)
    {
        path ??= Path.Combine("artifacts", "bench", $"{name}.json");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
        return Path.GetFullPath(path);
    }
}
