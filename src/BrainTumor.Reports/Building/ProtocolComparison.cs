using System.Globalization;
using BrainTumor.Protocol.Metrics;
using BrainTumor.Reports.Document;

namespace BrainTumor.Reports.Building;

/// <summary>
/// The comparison block: this run's protocol beside the paper's and Cheng's, and each way it
/// differs, in sentences derived from the run's own settings and fold plan.
/// </summary>
public static class ProtocolComparison
{
    public static Comparison Of(ExperimentRun run, FoldSummary summary)
    {
        var spec = run.Spec;
        var backbone = run.Backbone;
        var size = spec.InputSize ?? backbone.InputSize;
        var folds = run.Plan.Folds;
        var items = run.Plan.ItemCount;
        var trainShare = folds.Average(f => (double)f.Train.Count / items);
        var validationShare = folds.Average(f => (double)f.Validation.Count / items);
        var width = spec.WidthDivisor > 1 ? $", every layer 1/{spec.WidthDivisor} as wide" : "";

        var thisRun = new ProtocolRow(
            $"this run ({run.Id})", summary.MeanAccuracy, summary.SdAccuracy,
            $"{items} slices of {spec.Dataset}",
            $"{folds.Count}-fold, patient-disjoint ({run.Plan.Method}); validation part carved from each training part",
            $"{size}x{size}{(spec.Crop == "brain" ? ", cropped to the brain" : "")}{(spec.Normalize == "percentile" ? ", intensities scaled to the 99.5th percentile" : "")}",
            $"{backbone.Name}{width}, {(run.StartingWeights.Pretrained ? "pretrained" : "random initial weights")}",
            $"block-wise, policy {spec.Policy}, at most {spec.Epochs} epochs per stage (patience {spec.Patience}), batch {spec.BatchSize}, " +
            $"learning rate {spec.LearningRate.ToString(CultureInfo.InvariantCulture)}{(TrainingText.Augmentation(spec) is "none" ? ", no augmentation" : ", augmentation: " + TrainingText.Augmentation(spec))}");

        var differences = new List<string>
        {
            items == PublishedResults.FullSetSlices
                ? $"Data: {items} slices, as many as the full figshare set both papers used."
                : $"Data: {items} slices ({Percent((double)items / PublishedResults.FullSetSlices)} of the {PublishedResults.FullSetSlices} in the full figshare set both papers used).",
            (folds.Count == PublishedResults.PaperFolds ? $"Folds: {folds.Count}, as in both papers" : $"Folds: {folds.Count} instead of {PublishedResults.PaperFolds}") +
                $"; each fold here also sets aside a validation part ({Percent(validationShare)} of the slices, by patient) that steers the depth and early stopping, " +
                (spec.Refit
                    ? $"and the model tested was then trained again, stage by stage up to the chosen depth and for the epochs validation chose, on the training and validation parts together ({Percent(trainShare + validationShare)} of the slices). "
                    : $"so each model trains on {Percent(trainShare)} of the slices. ") +
                "No patient is in two parts of a fold.",
            size == PublishedResults.PaperInputSize
                ? $"Input: {size}x{size}, as in the paper."
                : $"Input: {size}x{size} instead of {PublishedResults.PaperInputSize}x{PublishedResults.PaperInputSize}: less detail per slice.",
            Backbone(backbone.Name, spec.WidthDivisor),
            run.StartingWeights.Pretrained
                ? $"Weights: {run.StartingWeights.Description}."
                : $"Weights: {run.StartingWeights.Description}. This run trained from scratch: it is not transfer learning, and its accuracy says nothing about the paper's method.",
            $"Epochs: at most {spec.Epochs} per stage with early stopping after {spec.Patience} without improvement, policy {spec.Policy}; the paper's own training schedule is not reproduced.",
            spec.Crop == "brain"
                ? "Cheng et al. classify the tumour region cut out with the expert-drawn border; the paper's CNN sees the whole slice, and this run a square around the head's bounding box (found from the intensities, no border drawn by anyone)."
                : "Cheng et al. classify the tumour region cut out with the expert-drawn border; the CNNs here and in the paper see the whole slice.",
        };
        if (spec.Normalize == "percentile")
            differences.Add("Intensities: each slice scaled from its minimum to its 99.5th percentile (brighter pixels clipped), where the paper scales from minimum to maximum.");
        return new Comparison([thisRun, PublishedResults.Swati2019, PublishedResults.Cheng2015], PublishedResults.Swati2019.Accuracy - summary.MeanAccuracy, differences);
    }

    private static string Backbone(string name, int widthDivisor)
    {
        var network = name == "vgg19" ? "Backbone: VGG19, as in the paper" : $"Backbone: {name} instead of the paper's VGG19";
        return widthDivisor > 1
            ? $"{network}, but with every layer 1/{widthDivisor} as wide: a much smaller network than the published one."
            : $"{network}.";
    }

    private static string Percent(double fraction) => fraction.ToString("0.0%", CultureInfo.InvariantCulture);
}
