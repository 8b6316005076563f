using System.CommandLine;
using System.Diagnostics;
using BrainTumor.Imaging.Folds;
using BrainTumor.Protocol.Labels;
using BrainTumor.Imaging.Preprocessing;
using BrainTumor.Imaging.Reading;
using BrainTumor.Learning.Data;
using BrainTumor.Learning.Prediction;
using BrainTumor.Learning.Saliency;

namespace BrainTumor.Bench;

/// <summary>
/// Does Grad-CAM point at the tumour? For every slice of a finished run's test folds, the fold
/// model that had it as a test slice classifies it; for the correctly classified ones, the peak of
/// that model's Grad-CAM map (for the predicted class) is checked against the tumour's bounding box
/// from the manifest, and the share of the map's total value inside the box. Two reference points
/// put the rate in context: the image centre's rate (a map that always peaks in the middle) and
/// the mean box area (a peak placed at random; also the share of an even map).
/// </summary>
internal static class SaliencyBboxBenchmark
{
    /// <summary>One correctly classified slice; X and Y are null when its map is zero everywhere (no peak, counted as outside).</summary>
    private sealed record Peak(int Fold, string File, string Class, double? X, double? Y, bool Inside, bool CentreInside, double BoxArea, double Share);

    public static Command Create()
    {
        var run = new Option<string>("--run") { Description = "Run folder of a finished experiment (spec.json, folds.json, fold-N/).", Required = true };
        var dataset = new Option<string?>("--dataset") { Description = "Dataset folder with bbox_* manifest columns (default: the run's spec.json Dataset)." };
        var batch = new Option<int>("--batch") { Description = "Batch size.", DefaultValueFactory = _ => 16 };
        var output = new Option<string?>("--out") { Description = "JSON result file (default artifacts/bench/saliency-bbox.json)." };
        var command = new Command("saliency-bbox", "How often the Grad-CAM peak of correctly classified test slices falls inside the tumour's bounding box.")
            { run, dataset, batch, output };
        command.SetAction(parse => Run(parse.GetValue(run)!, parse.GetValue(dataset), parse.GetValue(batch), parse.GetValue(output),
            parse.Tokens.Where(t => t.Type != System.CommandLine.Parsing.TokenType.Command).Select(t => t.Value)));
        return command;
    }

    private static int Run(string run, string? datasetOption, int batchSize, string? output, IEnumerable<string> args)
    {
        var watch = Stopwatch.StartNew();
        using var ensemble = FoldEnsemble.Load(run);
        var dataset = datasetOption ?? SpecFile.Read(RunFiles.Spec(run)).Dataset
            ?? throw new InvalidDataException($"{RunFiles.Spec(run)}: no \"Dataset\"; pass --dataset");
        var plan = FoldPlanStore.Load(RunFiles.Plan(run));
        var reader = DatasetReaders.ForFolder(dataset);
        var items = reader.Index(dataset).Items.ToDictionary(i => i.Id, StringComparer.Ordinal);
        var cache = new PreprocessedSliceCache(Path.Combine(".cache", "preprocessed"));
        Console.WriteLine($"saliency-bbox: {ensemble.Backbone.Name} at {ensemble.InputSize}, {ensemble.Folds.Count} folds of {run}, data {dataset}");

        var peaks = new List<Peak>();
        var tested = 0;
        foreach (var model in ensemble.Folds)
        {
            var test = plan.Folds.Single(f => f.Number == model.Fold).Test
                .Select(id => items.GetValueOrDefault(id) ?? throw new InvalidDataException($"{RunFiles.Plan(run)}: fold {model.Fold} tests '{id}', which {dataset} does not have"))
                .ToList();
            var slices = PreprocessedLoader.Load(reader, test, ensemble.InputSize, cache);
            tested += slices.Count;
            var before = peaks.Count;
            foreach (var chunk in Enumerable.Range(0, slices.Count).Chunk(batchSize))
            {
                using var input = SliceTensors.Batch(slices, chunk, ensemble.Backbone.Normalization);
                using var cam = model.GradCam(input);
                var predicted = cam.Logits.argmax(1).data<long>().ToArray();
                var maps = SaliencyMap.FromBatch(cam.Maps);
                for (var k = 0; k < chunk.Length; k++)
                {
                    var item = slices.Items[chunk[k]];
                    if (predicted[k] != LabelMap.IndexOf(item.Label))
                        continue;
                    var box = TumourBox.Of(item);
                    var peak = maps[k].PeakFraction();
                    var inside = peak is (var x, var y) && box.Contains(x, y);
                    peaks.Add(new Peak(model.Fold, item.Id, LabelMap.Name(item.Label), peak?.X, peak?.Y, inside, box.Contains(0.5, 0.5), box.Area, box.ShareOf(maps[k]) ?? 0));
                }
            }
            var fold = peaks.Skip(before).ToList();
            Console.WriteLine(FormattableString.Invariant(
                $"  fold {model.Fold} (depth {model.Depth}): {fold.Count} of {slices.Count} test slices correct; peak inside the box {fold.Count(p => p.Inside)} ({Rate(fold, p => p.Inside):P1})"));
        }

        var byClass = peaks.GroupBy(p => p.Class).OrderBy(g => LabelMap.Names.ToList().IndexOf(g.Key))
            .Select(g => new { @class = g.Key, correct = g.Count(), peak_inside = g.Count(p => p.Inside), rate = Rate(g, p => p.Inside), centre_rate = Rate(g, p => p.CentreInside), mean_box_area = g.Average(p => p.BoxArea), mean_share = g.Average(p => p.Share) })
            .ToList();
        var result = new
        {
            benchmark = "saliency-bbox",
            command = "dotnet run -c Release --project bench/BrainTumor.Bench -- saliency-bbox " + string.Join(' ', args),
            run = Path.GetFullPath(run),
            dataset = Path.GetFullPath(dataset),
            backbone = ensemble.Backbone.Name,
            input_size = ensemble.InputSize,
            folds = ensemble.Folds.Select(f => new { fold = f.Fold, depth = f.Depth }),
            test_slices = tested,
            correct = peaks.Count,
            peak_inside = peaks.Count(p => p.Inside),
            rate = Rate(peaks, p => p.Inside),
            no_peak = peaks.Count(p => p.X is null),
            centre_rate = Rate(peaks, p => p.CentreInside),
            mean_box_area = peaks.Count == 0 ? 0 : peaks.Average(p => p.BoxArea),
            mean_share = peaks.Count == 0 ? 0 : peaks.Average(p => p.Share),
            per_class = byClass,
            wall_seconds = Math.Round(watch.Elapsed.TotalSeconds, 1),
            slices = peaks.Select(p => new { fold = p.Fold, file = p.File, @class = p.Class, peak_x = p.X is { } x ? Math.Round(x, 4) : (double?)null, peak_y = p.Y is { } y ? Math.Round(y, 4) : (double?)null, inside = p.Inside, share = Math.Round(p.Share, 4) }),
        };
        Console.WriteLine(FormattableString.Invariant(
            $"peak inside the tumour box for {result.peak_inside} of {result.correct} correctly classified test slices ({result.rate:P1}) of {tested}; {result.no_peak} maps without a peak; image centre inside the box {result.centre_rate:P1}; mean box area {result.mean_box_area:P1} (a random peak's chance); share of the map in the box {result.mean_share:P1} (an even map's: the box area); {result.wall_seconds:F0} s"));
        foreach (var c in byClass)
            Console.WriteLine(FormattableString.Invariant($"  {c.@class}: {c.peak_inside} of {c.correct} ({c.rate:P1}); centre {c.centre_rate:P1}; mean box area {c.mean_box_area:P1}; share in the box {c.mean_share:P1}"));
        Console.WriteLine($"  written to {Measurement.Write("saliency-bbox", result, output)}");
        return 0;
    }

    private static double Rate(IEnumerable<Peak> peaks, Func<Peak, bool> hit)
    {
        var list = peaks.ToList();
        return list.Count == 0 ? 0 : (double)list.Count(hit) / list.Count;
    }
}
