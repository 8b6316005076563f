using System.CommandLine;
using System.Diagnostics;
using BrainTumor.Imaging.Preprocessing;
using BrainTumor.Imaging.Reading;

namespace BrainTumor.Bench;

/// <summary>
/// The data path: a dataset loaded into an empty preprocessed cache (decode, normalise, resize,
/// store), then loaded again from the cache. Each repeat uses a fresh cache folder and measures
/// both loads side by side; the ratio of the medians is the cache's speed-up. A third, cold load
/// follows once the cache entry and the source files are dropped from the kernel's page cache.
/// </summary>
internal static class DataPathBenchmark
{
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = "Dataset folder.", DefaultValueFactory = _ => "data/sample" };
        var size = new Option<int>("--size") { Description = "Input size.", DefaultValueFactory = _ => 224 };
        var repeats = new Option<int>("--repeats") { Description = "Repeats (median reported).", DefaultValueFactory = _ => 5 };
        var output = new Option<string?>("--out") { Description = "JSON result file (default artifacts/bench/data-path.json)." };
        var command = new Command("data-path", "First (uncached) and cached load of a dataset through the preprocessed cache.") { dataset, size, repeats, output };
        command.SetAction(parse => Run(parse.GetValue(dataset)!, parse.GetValue(size), parse.GetValue(repeats), parse.GetValue(output)));
        return command;
    }

    /// <summary>
    /// One repeat. CPU seconds (all threads) beside wall seconds: on a shared machine wall time
    /// also counts the other processes' turns, CPU time only this load's own work. Hash and Open
    /// are the cached load's parts on one thread; the passes read every slice as training does
    /// (to float32), so a load that left work for later would show it there.
    /// </summary>
    private sealed record Repeat(
        double First, double FirstCpu, double Cached, double CachedCpu, double Hash, double Open,
        double PassAfterFirst, double PassAfterCached, double Cold);

    private static (T Result, double Wall, double Cpu) Timed<T>(Process process, Func<T> work)
    {
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var result = work();
        var wall = watch.Elapsed.TotalSeconds;
        process.Refresh();
        return (result, wall, (process.TotalProcessorTime - cpu).TotalSeconds);
    }

    private static int PassOver(PreprocessedSlices slices)
    {
        var values = new float[slices.Size * slices.Size];
        for (var i = 0; i < slices.Count; i++)
            slices.CopySliceTo(i, values);
        return slices.Count;
    }

    private static Repeat Measure(IDatasetReader reader, IReadOnlyList<DatasetItem> items, int size, string folder)
    {
        var process = Process.GetCurrentProcess();
        var cache = new PreprocessedSliceCache(folder);
        var warm = WarmLoads(reader, items, size, cache, process);
        // The cold load: the warm loads' mappings released, then the entry and the sources evicted.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Concat(items.Select(i => i.Path)))
            PageCache.Evict(file);
        var (c, wallC, _) = Timed(process, () => PreprocessedLoader.Load(reader, items, size, cache));
        if (c.CacheHits != items.Count)
            throw new InvalidOperationException($"cold load: expected {items.Count} hits, got {c.CacheHits}");
        return warm with { Cold = wallC };
    }

    /// <summary>First and cached load side by side; their results are unreachable once this returns.</summary>
    private static Repeat WarmLoads(IDatasetReader reader, IReadOnlyList<DatasetItem> items, int size, PreprocessedSliceCache cache, Process process)
    {
        var (a, wallA, cpuA) = Timed(process, () => PreprocessedLoader.Load(reader, items, size, cache));
        var (b, wallB, cpuB) = Timed(process, () => PreprocessedLoader.Load(reader, items, size, cache));
        if (a.CacheMisses != items.Count || b.CacheHits != items.Count)
            throw new InvalidOperationException($"expected {items.Count} misses then hits, got {a.CacheMisses} and {b.CacheHits}");
        if (!a.Pixels.Span.SequenceEqual(b.Pixels.Span))
            throw new InvalidOperationException("the cached load's values differ from the first load's");
        var passA = Timed(process, () => PassOver(a)).Wall;
        var passB = Timed(process, () => PassOver(b)).Wall;
        var (hashes, wallHash, _) = Timed(process, () => items.Select(i => PreprocessedLoader.ContentHash(i.Path)).ToList());
        var wallOpen = Timed(process, () => cache.TryOpen(cache.PathFor(hashes, size), items.Count, size)).Wall;
        return new Repeat(wallA, cpuA, wallB, cpuB, wallHash, wallOpen, passA, passB, Cold: double.NaN);
    }

    private static int Run(string dataset, int size, int repeats, string? output)
    {
        var reader = DatasetReaders.ForFolder(dataset);
        var items = reader.Index(dataset).Items;
        Console.WriteLine($"data-path: {items.Count} slices from {Path.GetFullPath(dataset)} at {size}x{size}, {repeats} repeats, {Environment.ProcessorCount} cores");
        var root = Path.Combine(Path.GetTempPath(), "braintumor-bench");
        // Warm-up: JIT of both paths and the file-system cache, so the first repeat is not the odd one out.
        var warmUp = Path.Combine(root, Guid.NewGuid().ToString("N"));
        PreprocessedLoader.Load(reader, items, size, cache: null);
        for (var i = 0; i < 2; i++)
            PreprocessedLoader.Load(reader, items.Take(8).ToList(), size, new PreprocessedSliceCache(warmUp));
        Directory.Delete(warmUp, recursive: true);

        var runs = new List<Repeat>();
        for (var r = 0; r < repeats; r++)
        {
            var folder = Path.Combine(root, Guid.NewGuid().ToString("N"));
            try
            {
                var m = Measure(reader, items, size, folder);
                runs.Add(m);
                Console.WriteLine($"  repeat {r + 1}: first {m.First:F3} s ({m.FirstCpu:F3} s CPU), cached {m.Cached:F3} s ({m.CachedCpu:F3} s CPU), cold cached {m.Cold:F3} s; " +
                                  $"one thread: hash {m.Hash:F3} s, entry open {m.Open:F3} s; pass over the data after first {m.PassAfterFirst:F3} s, after cached {m.PassAfterCached:F3} s");
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        double Median(Func<Repeat, double> part) => Measurement.Median([.. runs.Select(part)]);
        var result = new
        {
            benchmark = "data-path",
            dataset = Path.GetFullPath(dataset),
            slices = items.Count,
            size,
            repeats,
            cores = Environment.ProcessorCount,
            first_load_seconds_median = Median(m => m.First),
            cached_load_seconds_median = Median(m => m.Cached),
            first_load_slices_per_second = items.Count / Median(m => m.First),
            cached_load_slices_per_second = items.Count / Median(m => m.Cached),
            speedup = Median(m => m.First) / Median(m => m.Cached),
            first_load_cpu_seconds_median = Median(m => m.FirstCpu),
            cached_load_cpu_seconds_median = Median(m => m.CachedCpu),
            cpu_speedup = Median(m => m.FirstCpu) / Median(m => m.CachedCpu),
            cold_cached_load_seconds_median = Median(m => m.Cold),
            cold_speedup = Median(m => m.First) / Median(m => m.Cold),
            cached_parts_hash_seconds_median = Median(m => m.Hash),
            cached_parts_open_seconds_median = Median(m => m.Open),
            pass_after_first_seconds_median = Median(m => m.PassAfterFirst),
            pass_after_cached_seconds_median = Median(m => m.PassAfterCached),
            load_average_1min = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a",
            repeats_seconds = runs,
        };
        Console.WriteLine($"  median first load {result.first_load_seconds_median:F3} s ({result.first_load_slices_per_second:F0} slices/s), " +
                          $"cached {result.cached_load_seconds_median:F3} s ({result.cached_load_slices_per_second:F0} slices/s): {result.speedup:F1}x wall, " +
                          $"{result.cpu_speedup:F1}x CPU ({result.first_load_cpu_seconds_median:F2} s vs {result.cached_load_cpu_seconds_median:F2} s); " +
                          $"cold cached {result.cold_cached_load_seconds_median:F3} s ({result.cold_speedup:F1}x); " +
                          $"parts on one thread: hash {result.cached_parts_hash_seconds_median:F3} s, entry open {result.cached_parts_open_seconds_median:F3} s; " +
                          $"pass over the data after first {result.pass_after_first_seconds_median:F3} s, after cached {result.pass_after_cached_seconds_median:F3} s; load average {result.load_average_1min}");
        Console.WriteLine($"  written to {Measurement.Write("data-path", result, output)}");
        return 0;
    }
}
