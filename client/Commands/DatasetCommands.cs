using System.CommandLine;
using System.Diagnostics;
using BrainTumor.Hosting;
using BrainTumor.Imaging.Folds;
using BrainTumor.Imaging.Preprocessing;
using BrainTumor.Imaging.Reading;
using BrainTumor.Imaging.Validation;

namespace BrainTumor.Client.Commands;

/// <summary><c>dataset inspect | plan | preprocess</c>.</summary>
internal static class DatasetCommands
{
    public static Command Create()
    {
        var command = new Command("dataset", "Inspect, split and preprocess datasets.");
        command.Subcommands.Add(Inspect());
        command.Subcommands.Add(Plan());
        command.Subcommands.Add(Preprocess());
        return command;
    }

    private static Argument<string> PathArgument() => new("path")
    {
        Description = "Dataset folder: figshare .mat files, or class folders of .jpg/.png (optionally under images/ with manifest.csv).",
    };

    private static Option<bool> JsonOption() => new("--json") { Description = "Print JSON instead of text." };

    private static Command Inspect()
    {
        var path = PathArgument();
        var json = JsonOption();
        var command = new Command("inspect", "Read every file of a dataset and report classes, groups, rejected files and duplicates.") { path, json };
        command.SetAction(parse => CliOutput.Run(() =>
        {
            var (reader, index) = Open(parse.GetValue(path)!);
            var report = DatasetValidator.Validate(reader, index).Report;
            if (parse.GetValue(json))
                CliOutput.WriteJson(report);
            else
                DatasetReportText.Write(Console.Out, report);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Plan()
    {
        var path = PathArgument();
        var json = JsonOption();
        var folds = new Option<int?>("--folds") { Description = "Number of patient-grouped, class-stratified folds." };
        var foldsFrom = new Option<string?>("--folds-from") { Description = "Take the folds from the data: a manifest column (cheng_fold) or cvind (figshare cvind.mat)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the split.", DefaultValueFactory = _ => 42 };
        var validation = new Option<double>("--validation-fraction")
        {
            Description = "Share of each fold's training part carved out, by group, for validation.",
            DefaultValueFactory = _ => FoldPlanner.DefaultValidationFraction,
        };
        var output = new Option<string?>("--out") { Description = "Write the plan to this JSON file." };
        var command = new Command("plan", "Plan patient-disjoint folds with a validation part carved from each training part.")
        {
            path, folds, foldsFrom, seed, validation, output, json,
        };
        command.SetAction(parse => CliOutput.Run(() =>
        {
            if (parse.GetValue(folds) is < 2)
                throw new ArgumentException("--folds: expected 2 or more");
            if (parse.GetValue(folds) is not null && parse.GetValue(foldsFrom) is not null)
                throw new ArgumentException("--folds and --folds-from: give one, not both");
            if (parse.GetValue(validation) is <= 0 or >= 1)
                throw new ArgumentException($"--validation-fraction: expected a number between 0 and 1, got {parse.GetValue(validation)}");
            var (reader, index) = Open(parse.GetValue(path)!);
            var accepted = DatasetValidator.Validate(reader, index).Accepted;
            var request = new FoldRequest(parse.GetValue(folds), parse.GetValue(foldsFrom), parse.GetValue(seed), parse.GetValue(validation));
            var plan = request.Plan(accepted, index.FoldAttributes);
            if (parse.GetValue(output) is { } file)
                FoldPlanStore.Save(plan, file);
            if (parse.GetValue(json))
                CliOutput.WriteJson(plan);
            else
                DatasetReportText.Write(Console.Out, plan, accepted);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Preprocess()
    {
        var path = PathArgument();
        var json = JsonOption();
        var size = new Option<int>("--size") { Description = "Square input size of the backbone, in pixels.", DefaultValueFactory = _ => 224 };
        var command = new Command("preprocess", "Normalise and resize every slice into the preprocessed cache (appsettings.json: BrainTumor:Imaging:CacheDirectory).")
        {
            path, size, json,
        };
        command.SetAction(parse => CliOutput.Run(() =>
        {
            if (parse.GetValue(size) is < 8 or > 2048)
                throw new ArgumentException($"--size: expected a number of pixels from 8 to 2048, got {parse.GetValue(size)}");
            var options = BrainTumorConfiguration.Load().Read<ImagingOptions, ImagingOptionsValidator>(ImagingOptions.Section);
            var (reader, index) = Open(parse.GetValue(path)!, options.Limits);
            var watch = Stopwatch.StartNew();
            var slices = PreprocessedLoader.Load(reader, index.Items, parse.GetValue(size), new PreprocessedSliceCache(options.CacheDirectory));
            var result = new
            {
                items = slices.Count,
                size = slices.Size,
                cache_hits = slices.CacheHits,
                cache_misses = slices.CacheMisses,
                seconds = Math.Round(watch.Elapsed.TotalSeconds, 3),
                cache_directory = Path.GetFullPath(options.CacheDirectory),
                rejected = index.Rejected.Concat(slices.Rejected).ToList(),
            };
            if (parse.GetValue(json))
                CliOutput.WriteJson(result);
            else
                Console.WriteLine($"{result.items} slices at {result.size}x{result.size} in {result.seconds} s " +
                                  $"({result.cache_hits} from the cache, {result.cache_misses} computed, {result.rejected.Count} rejected); cache: {result.cache_directory}");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static (IDatasetReader Reader, DatasetIndex Index) Open(string path, ImagingLimits? limits = null)
    {
        var reader = DatasetReaders.ForFolder(path, limits ?? BrainTumorConfiguration.Load().Read<ImagingOptions, ImagingOptionsValidator>(ImagingOptions.Section).Limits);
        return (reader, reader.Index(path));
    }
}
