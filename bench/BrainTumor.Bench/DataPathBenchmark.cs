using System.CommandLine;
using System.Diagnostics;
using BrainTumor.Imaging.Preprocessing;
using BrainTumor.Imaging.Reading;

namespace BrainTumor.Bench;

/// <summary>
/// The data path: a dataset loaded into an empty preprocessed cache (decode, normalise, resize,
/// store), then loaded again from the cache. Each repeat uses a fresh cache folder and measures
/// both loads side by side; the ratio of the medians is the cache's speed-up.
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

    private static int Run(string dataset, int size, int repeats, string? output)
    {
        var reader = DatasetReaders.ForFolder(dataset);
        var items = reader.Index(dataset).Items;
        Console.WriteLine($"data-path: {items.Count} slices from {Path.GetFullPath(dataset)} at {size}x{size}, {repeats} repeats, {Environment.ProcessorCount} cores");
        // Warm-up: JIT and file-system cache, so the first repeat is not the odd one out.
        PreprocessedLoader.Load(reader, items, size, cache: null);

        var first = new List<double>();
        var cached = new List<double>();
        // CPU seconds (all threads) beside wall seconds: on a shared machine wall time also counts
        // the other processes' turns, CPU time only this load's own work.
        var firstCpu = new List<double>();
        var cachedCpu = new List<double>();
        var process = Process.GetCurrentProcess();
        // The cached load by parts: hashing every source file, and reading every entry into one
        // reused slice buffer (no fresh memory). What the cached load takes beyond their sum is
        // the first touch of its new batch buffer.
        var hashing = new List<double>();
        var reading = new List<double>();
        for (var r = 0; r < repeats; r++)
        {
            var folder = Path.Combine(Path.GetTempPath(), "braintumor-bench", Guid.NewGuid().ToString("N"));
            var cache = new PreprocessedSliceCache(folder);
            try
            {
                var (a, wallA, cpuA) = Timed(process, () => PreprocessedLoader.Load(reader, items, size, cache));
                var (b, wallB, cpuB) = Timed(process, () => PreprocessedLoader.Load(reader, items, size, cache));
                var (hashes, wallHash, _) = Timed(process, () => items.Select(i => PreprocessedLoader.ContentHash(i.Path)).ToList());
                var slice = new float[size * size];
                var (_, wallRead, _) = Timed(process, () => hashes.Count(h => cache.TryRead(h, size, slice)));
                hashing.Add(wallHash);
                reading.Add(wallRead);
                first.Add(wallA);
                firstCpu.Add(cpuA);
                cached.Add(wallB);
                cachedCpu.Add(cpuB);
                if (a.CacheMisses != items.Count || b.CacheHits != items.Count)
                    throw new InvalidOperationException($"repeat {r}: expected {items.Count} misses then hits, got {a.CacheMisses} and {b.CacheHits}");
                Console.WriteLine($"  repeat {r + 1}: first {first[^1]:F3} s ({firstCpu[^1]:F3} s CPU), cached {cached[^1]:F3} s ({cachedCpu[^1]:F3} s CPU); " +
                                  $"one thread: hash {hashing[^1]:F3} s, entry reads {reading[^1]:F3} s");
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        var result = new
        {
            benchmark = "data-path",
            dataset = Path.GetFullPath(dataset),
            slices = items.Count,
            size,
            repeats,
            cores = Environment.ProcessorCount,
            first_load_seconds_median = Measurement.Median(first),
            cached_load_seconds_median = Measurement.Median(cached),
            first_load_slices_per_second = items.Count / Measurement.Median(first),
            cached_load_slices_per_second = items.Count / Measurement.Median(cached),
            speedup = Measurement.Median(first) / Measurement.Median(cached),
            first_load_cpu_seconds_median = Measurement.Median(firstCpu),
            cached_load_cpu_seconds_median = Measurement.Median(cachedCpu),
            cpu_speedup = Measurement.Median(firstCpu) / Measurement.Median(cachedCpu),
            cached_parts_hash_seconds_median = Measurement.Median(hashing),
            cached_parts_read_seconds_median = Measurement.Median(reading),
            load_average_1min = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a",
            first_load_seconds = first,
            cached_load_seconds = cached,
            first_load_cpu_seconds = firstCpu,
            cached_load_cpu_seconds = cachedCpu,
        };
        Console.WriteLine($"  median first load {result.first_load_seconds_median:F3} s ({result.first_load_slices_per_second:F0} slices/s), " +
                          $"cached {result.cached_load_seconds_median:F3} s ({result.cached_load_slices_per_second:F0} slices/s): {result.speedup:F1}x wall, " +
                          $"{result.cpu_speedup:F1}x CPU ({result.first_load_cpu_seconds_median:F2} s vs {result.cached_load_cpu_seconds_median:F2} s); " +
                          $"parts on one thread: hash {result.cached_parts_hash_seconds_median:F3} s, entry reads {result.cached_parts_read_seconds_median:F3} s; load average {result.load_average_1min}");
        Console.WriteLine($"  written to {Measurement.Write("data-path", result, output)}");
        return 0;
    }
}
