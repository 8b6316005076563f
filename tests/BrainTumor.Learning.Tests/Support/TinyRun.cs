using BrainTumor.Imaging.Folds;
using BrainTumor.Imaging.Storage;
using BrainTumor.Learning.Backbones;
using BrainTumor.Learning.Prediction;
using BrainTumor.Protocol.Specs;
using BrainTumor.Testing;
using TorchSharp;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Tests.Support;

/// <summary>
/// A finished run folder laid out as the platform writes it: VGG19 at width 1/8 and 64x64, two
/// folds, fold 1 chose depth 1 and fold 2 depth 0. Every fold has weights for both stages, each
/// from its own seed, so loading the wrong stage shows. The output layer is scaled up so the
/// folds' probabilities differ clearly (random weights alone give about 1/3 each).
/// </summary>
internal static class TinyRun
{
    public const int Size = 64;
    public const int WidthDivisor = 8;
    public static readonly IReadOnlyDictionary<int, int> ChosenDepth = new Dictionary<int, int> { [1] = 1, [2] = 0 };

    public static string Create()
    {
        var run = TestPaths.NewTempDirectory("tiny-run");
        SpecFile.Write(RunFiles.Spec(run), new ExperimentSpec { Dataset = "tiny", Backbone = "vgg19", InputSize = Size, WidthDivisor = WidthDivisor });
        FoldPlanStore.Save(new FoldPlan
        {
            Method = "stratified-group-kfold", K = 2, Seed = 1, ValidationFraction = 0.2, ItemsDigest = "test", ItemCount = 0,
            Folds = [new Fold(1, [], [], []), new Fold(2, [], [], [])],
        }, RunFiles.Plan(run));
        foreach (var (fold, depth) in ChosenDepth)
        {
            for (var stage = 0; stage <= 1; stage++)
            {
                using var model = Model(seed: 10 * fold + stage);
                AtomicFile.Write(RunFiles.Weights(run, fold, stage), partial => model.save(partial));
            }
            new FoldChoice(fold, depth).Write(RunFiles.TestResult(run, fold));
        }
        return run;
    }

    /// <summary>A fold's model as the test rebuilds it by hand: the network, then the chosen stage's file.</summary>
    public static Vgg Load(string run, int fold)
    {
        var model = Vgg.Vgg19(3, WidthDivisor);
        model.load(RunFiles.Weights(run, fold, ChosenDepth[fold]));
        model.eval();
        return model;
    }

    private static Vgg Model(int seed)
    {
        manual_seed(seed);
        var model = Vgg.Vgg19(3, WidthDivisor);
        using var noGrad = no_grad();
        foreach (var (name, parameter) in model.named_parameters())
            if (name.StartsWith("classifier.6.", StringComparison.Ordinal))
                parameter.mul_(40);
        return model;
    }
}
