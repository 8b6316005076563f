using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using BrainTumor.Contracts;
using BrainTumor.Hosting;
using BrainTumor.Imaging.Reading;
using BrainTumor.Protocol.Labels;
using BrainTumor.Learning.Prediction;

namespace BrainTumor.Client.Commands;

/// <summary>
/// <c>predict --experiment ID FILE|FOLDER... [--json] [--csv FILE] [--saliency DIR]</c>: classifies
/// slices with the ensemble of a completed experiment's fold models (each fold's chosen depth, mean
/// softmax, the folds' agreement) and, with <c>--saliency</c>, writes Grad-CAM overlays. Runs in
/// this process from the run folder.
/// </summary>
internal static class PredictCommand
{
    public static Command Create()
    {
        var experiment = new Option<string>("--experiment") { Description = "A completed experiment whose fold models classify the files.", Required = true };
        var files = new Argument<string[]>("files") { Description = ".jpg, .png or figshare .mat slices, or folders of them (every subfolder).", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var csv = new Option<string?>("--csv") { Description = "Also write the results to this CSV file (file, class, p_meningioma, p_glioma, p_pituitary, agreement, saliency, error)." };
        var saliency = new Option<string?>("--saliency") { Description = "Write a Grad-CAM overlay PNG per file to this folder (names kept apart when two files share a name)." };
        var command = new Command("predict", "Classify slices with an experiment's fold ensemble; optionally write Grad-CAM saliency overlays.") { experiment, files, json, csv, saliency };
        command.SetAction(parse => CliAsync.Run(async session =>
        {
            var id = parse.GetValue(experiment)!;
            var info = await session.Grains.GetGrain<IExperimentGrain>(id).GetInfo()
                       ?? throw new KeyNotFoundException($"no experiment '{id}' (braintumor experiment list shows them)");
            if (info.Status != RunStatus.Completed)
                throw new InvalidOperationException($"experiment '{id}' is {info.Status}: prediction needs a completed experiment's fold models");
            var limits = BrainTumorConfiguration.Load().Read<ImagingOptions, ImagingOptionsValidator>(ImagingOptions.Section).Limits;
            using var ensemble = FoldEnsemble.Load(info.RunFolder, limits);
            var paths = PredictInputs.Expand(parse.GetValue(files)!);
            var predictions = ensemble.Predict(paths);
            var overlays = new Dictionary<string, string>();
            if (parse.GetValue(saliency) is { } folder)
            {
                Directory.CreateDirectory(folder);
                var names = SaliencyFileNames.For(paths);
                foreach (var p in predictions.Where(p => p.Succeeded))
                    overlays[p.File] = ensemble.Saliency(p.File).WriteOverlay(folder, names[p.File]);
            }
            if (parse.GetValue(csv) is { } table)
                PredictionCsv.Write(table, predictions, overlays);
            if (parse.GetValue(json))
                Console.WriteLine(JsonSerializer.Serialize(predictions.Select(p => new
                {
                    file = p.File,
                    @class = p.Class,
                    probabilities = p.Probabilities?.Select((v, i) => (LabelMap.Names[i], v)).ToDictionary(x => x.Item1, x => x.v),
                    fold_probabilities = p.FoldProbabilities,
                    agreement = p.Agreement,
                    saliency = overlays.GetValueOrDefault(p.File),
                    error = p.Error,
                }), ExperimentCommands.Json));
            else
                foreach (var p in predictions.Where(p => p.Succeeded))
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{p.File}: {p.Class} ({string.Join(", ", LabelMap.Names.Select((n, i) => $"{n} {p.Probabilities![i]:F3}"))}; folds agree {p.Agreement:P0})")
                                      + (overlays.TryGetValue(p.File, out var o) ? $"; saliency {o}" : ""));
            // Each refused file once, on stderr (in --json its error is also in its record).
            foreach (var p in predictions.Where(p => !p.Succeeded))
                Console.Error.WriteLine($"error: {p.File}: {p.Error}");
            return predictions.All(p => p.Succeeded) ? ExitCodes.Success : ExitCodes.Refused;
        }));
        return command;
    }
}
