using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using BrainTumor.Learning.Backbones;
using BrainTumor.Learning.Runtime;
using BrainTumor.Learning.Training;

namespace BrainTumor.Bench;

/// <summary>
/// The stage trainer with 4 KB pages, with libtorch's huge-page allocations and with glibc's
/// (<see cref="LibTorchHugePages"/>). Both switches are read once per process, at its start or its
/// first allocation, so each run is a child process of this program, the three ways alternating;
/// each child trains one stage and reports its epochs and page faults.
/// </summary>
internal static class HugePagesBenchmark
{
    public static Command Create()
    {
        var backbone = new Option<string>("--backbone") { Description = "Backbone name.", DefaultValueFactory = _ => "resnet18-imagenet" };
        var size = new Option<int?>("--size") { Description = "Input size (default: the backbone's)." };
        var batch = new Option<int>("--batch") { Description = "Batch size.", DefaultValueFactory = _ => 32 };
        var depth = new Option<int?>("--depth") { Description = "Stage (default: every block trains)." };
        var steps = new Option<int>("--steps") { Description = "Batches per epoch.", DefaultValueFactory = _ => 2 };
        var epochs = new Option<int>("--epochs") { Description = "Epochs per run (the first is not timed).", DefaultValueFactory = _ => 3 };
        var repeats = new Option<int>("--repeats") { Description = "Runs of each way (4 KB pages, libtorch's huge pages, glibc's), alternating (median reported).", DefaultValueFactory = _ => 3 };
        var dataset = new Option<string>("--dataset") { Description = "Dataset folder.", DefaultValueFactory = _ => "data/sample" };
        var child = new Option<bool>("--child") { Description = "Run one stage in this process and print its timings (used by the command itself).", Hidden = true };
        var output = new Option<string?>("--out") { Description = "JSON result file (default artifacts/bench/huge-pages.json)." };
        var command = new Command("huge-pages", "Training epochs with 4 KB pages, libtorch's and glibc's transparent huge pages, in alternating child processes.")
            { backbone, size, batch, depth, steps, epochs, repeats, dataset, child, output };
        command.SetAction(parse =>
        {
            var definition = BackboneRegistry.Get(parse.GetValue(backbone)!);
            var job = new Job(definition.Name, parse.GetValue(size) ?? definition.InputSize, parse.GetValue(batch), parse.GetValue(depth) ?? definition.Blocks.BodyBlockCount,
                parse.GetValue(steps), parse.GetValue(epochs), parse.GetValue(dataset)!);
            return parse.GetValue(child) ? RunChild(job) : Run(job, parse.GetValue(repeats), parse.GetValue(output));
        });
        return command;
    }

    private sealed record Job(string Backbone, int Size, int Batch, int Depth, int Steps, int Epochs, string Dataset)
    {
        public string[] Arguments =>
        [
            "huge-pages", "--child", "--backbone", Backbone, "--size", $"{Size}", "--batch", $"{Batch}", "--depth", $"{Depth}",
            "--steps", $"{Steps}", "--epochs", $"{Epochs}", "--dataset", Dataset,
        ];
    }

    private sealed record ChildResult(string? Switch, double[] EpochSeconds, double FillSeconds, long MinorFaults, double CpuSeconds);

    private static int RunChild(Job job)
    {
        if (job.Epochs < 2)
            throw new ArgumentException("--epochs must be at least 2 (the first one is not timed)");
        var backbone = BackboneRegistry.Get(job.Backbone);
        var count = job.Steps * job.Batch;
        var loaded = BenchData.Load(job.Dataset, count + 2, job.Size, backbone);
        var data = loaded with { Train = [.. Enumerable.Range(0, count)], Validation = [count, count + 1], Test = [] };
        using var model = BenchData.Network(backbone, 1, seed: 1);
        var recipe = new TrainingRecipe { MaxEpochs = job.Epochs, Patience = job.Epochs, BatchSize = job.Batch, Threads = Environment.ProcessorCount };
        var (faults, cpu) = (MinorFaults(), Process.GetCurrentProcess().TotalProcessorTime);
        var outcome = new StageTrainer(recipe).Train(model, data, job.Depth);
        var result = new ChildResult(LibTorchHugePages.Current, [.. outcome.Epochs.Skip(1).Select(e => e.TrainSeconds)], outcome.Cache.BuildSeconds,
            MinorFaults() - faults, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    /// <summary>Page faults served without I/O (mapping fresh memory among them), field 10 of /proc/self/stat.</summary>
    private static long MinorFaults() => long.Parse(File.ReadAllText("/proc/self/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[7]);

    /// <summary>A way to back large allocations with huge pages, as the child's environment.</summary>
    private sealed record Variant(string Name, string Description, string LibTorchSwitch, string? GlibcTunables);

    private static readonly Variant[] Variants =
    [
        new("none", "4 KB pages", "0", null),
        new("libtorch", $"libtorch's {LibTorchHugePages.Variable}=1", "1", null),
        new("glibc", $"glibc's {LibTorchHugePages.GlibcTunables}", "0", LibTorchHugePages.GlibcTunables),
    ];

    private static int Run(Job job, int repeats, string? output)
    {
        var loadAtStart = Measurement.LoadAverage();
        Console.WriteLine($"huge-pages: {job.Backbone} at {job.Size}x{job.Size}, batch {job.Batch}, stage {job.Depth}, {job.Epochs - 1} timed epochs of {job.Steps} batches, " +
                          $"{repeats} runs each way, alternating; load average {loadAtStart}");
        var runs = Variants.ToDictionary(v => v.Name, _ => new List<ChildResult>());
        for (var r = 0; r < repeats; r++)
            foreach (var variant in Variants)
            {
                var last = Child(job, variant);
                runs[variant.Name].Add(last);
                Console.WriteLine($"  {variant.Description,-40}: epochs {string.Join(", ", last.EpochSeconds.Select(s => s.ToString("F2")))} s, " +
                                  $"{last.MinorFaults:N0} page faults, {last.CpuSeconds:F1} CPU s");
            }
        double Epoch(string name) => Measurement.Median([.. runs[name].SelectMany(c => c.EpochSeconds)]);
        double Faults(string name) => Measurement.Median([.. runs[name].Select(c => (double)c.MinorFaults)]);
        var result = new
        {
            benchmark = "huge-pages",
            job,
            variants = Variants.Select(v => new
            {
                v.Name,
                v.Description,
                epoch_seconds_median = Epoch(v.Name),
                speedup_over_none = Epoch("none") / Epoch(v.Name),
                minor_faults_median = Faults(v.Name),
                runs = runs[v.Name],
            }).ToList(),
            load_average_start = loadAtStart,
            load_average_end = Measurement.LoadAverage(),
        };
        foreach (var v in Variants)
            Console.WriteLine($"  median epoch with {v.Description}: {Epoch(v.Name):F2} s ({Epoch("none") / Epoch(v.Name):F2}x), {Faults(v.Name):N0} page faults per run");
        Console.WriteLine($"  written to {Measurement.Write($"huge-pages-{job.Backbone}", result, output)}");
        return 0;
    }

    /// <summary>This program again, as a child with the variant's environment; its last output line is its result.</summary>
    private static ChildResult Child(Job job, Variant variant)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
            start.ArgumentList.Add(typeof(HugePagesBenchmark).Assembly.Location);
        foreach (var argument in job.Arguments)
            start.ArgumentList.Add(argument);
        start.Environment[LibTorchHugePages.Variable] = variant.LibTorchSwitch;
        if (variant.GlibcTunables is null)
            start.Environment.Remove("GLIBC_TUNABLES");
        else
            start.Environment["GLIBC_TUNABLES"] = variant.GlibcTunables;
        using var process = Process.Start(start)!;
        var lines = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        process.WaitForExit();
        if (process.ExitCode != 0 || lines.Length == 0)
            throw new InvalidOperationException($"huge-pages child ({variant.Description}) failed with exit {process.ExitCode}: {string.Join('\n', lines.TakeLast(5))}");
        return JsonSerializer.Deserialize<ChildResult>(lines[^1])!;
    }
}
