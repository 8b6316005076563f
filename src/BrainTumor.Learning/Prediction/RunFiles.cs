using System.Globalization;
using BrainTumor.Imaging.Folds;

namespace BrainTumor.Learning.Prediction;

/// <summary>
/// The files of a finished run folder that prediction reads: <c>spec.json</c> (backbone, input
/// size, width divisor), <c>folds.json</c>, and per fold <c>fold-N/test.json</c> (its chosen depth)
/// and <c>fold-N/stage-K.pt</c> (the stage's best weights, TorchSharp's <c>module.save</c> format).
/// </summary>
public static class RunFiles
{
    public static string Spec(string run) => Path.Combine(run, "spec.json");

    public static string Plan(string run) => Path.Combine(run, FoldPlanStore.FileName);

    public static string FoldFolder(string run, int fold) => Path.Combine(run, string.Create(CultureInfo.InvariantCulture, $"fold-{fold}"));

    public static string Weights(string run, int fold, int depth) =>
        Path.Combine(FoldFolder(run, fold), string.Create(CultureInfo.InvariantCulture, $"stage-{depth}.pt"));

    public static string TestResult(string run, int fold) => Path.Combine(FoldFolder(run, fold), "test.json");
}
