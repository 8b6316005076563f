using BrainTumor.Protocol.Runs;

namespace BrainTumor.Learning.Prediction;

/// <summary>
/// The files of a finished run folder that prediction reads (<see cref="RunFolder"/> names them):
/// <c>spec.json</c> (backbone, input size, width divisor, refit), <c>folds.json</c>, and per fold
/// <c>fold-N/test.json</c> (its chosen depth) and the weights it tested (<c>fold-N/stage-K.pt</c>, the
/// stage's best, or <c>fold-N/refit-K.pt</c> when the run refits; TorchSharp's <c>module.save</c> format).
/// </summary>
public static class RunFiles
{
    public static string Spec(string run) => new RunFolder(run).Spec;

    public static string Plan(string run) => new RunFolder(run).Plan;

    public static string FoldFolder(string run, int fold) => new RunFolder(run).Fold(fold);

    public static string Weights(string run, int fold, int depth) => new RunFolder(run).Weights(fold, depth);

    public static string TestedWeights(string run, int fold, int depth, bool refit) => new RunFolder(run).TestedWeights(fold, depth, refit);

    public static string TestResult(string run, int fold) => new RunFolder(run).TestResult(fold);
}
