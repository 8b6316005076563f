using System.Text.RegularExpressions;

namespace BrainTumor.Hosting.Tests;

/// <summary>Reads the Prometheus text format: metric family names and samples with their labels.</summary>
public static partial class PrometheusText
{
    /// <summary>Every sample's metric name (histograms give their <c>_bucket</c>, <c>_sum</c> and <c>_count</c> series).</summary>
    public static HashSet<string> Names(string scrape) =>
        [.. Samples(scrape).Select(s => s.Name)];

    public static IEnumerable<(string Name, string Labels, double Value)> Samples(string scrape) =>
        scrape.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => Sample().Match(l)).Where(m => m.Success)
            .Select(m => (m.Groups["name"].Value, m.Groups["labels"].Value, double.Parse(m.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture)));

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)")]
    private static partial Regex Sample();
}
