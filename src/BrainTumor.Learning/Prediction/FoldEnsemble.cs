using BrainTumor.Protocol.Runs;
using BrainTumor.Imaging.Folds;
using BrainTumor.Protocol.Labels;
using BrainTumor.Imaging.Preprocessing;
using BrainTumor.Imaging.Reading;
using BrainTumor.Learning.Backbones;
using BrainTumor.Learning.Data;
using BrainTumor.Learning.Saliency;
using TorchSharp;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Prediction;

/// <summary>
/// A finished run's folds as one classifier: each fold's network at its chosen depth, with that
/// stage's best weights; a file's class is the one with the highest softmax probability averaged
/// over the folds. Files are read and preprocessed exactly as training data is (the dataset
/// readers' checks and limits, <see cref="SlicePreprocessor"/>, the backbone's normalisation).
/// </summary>
public sealed class FoldEnsemble : IDisposable
{
    private readonly ImagingLimits _limits;

    private FoldEnsemble(string runFolder, BackboneDefinition backbone, SlicePreparation preparation, IReadOnlyList<FoldModel> folds, ImagingLimits limits)
    {
        RunFolder = runFolder;
        Backbone = backbone;
        Preparation = preparation;
        Folds = folds;
        _limits = limits;
    }

    public string RunFolder { get; }

    public BackboneDefinition Backbone { get; }

    /// <summary>How the folds' training slices were prepared (input side, crop, intensity scaling); every file to classify is prepared the same way.</summary>
    public SlicePreparation Preparation { get; }

    /// <summary>Side of the square input the folds were trained at.</summary>
    public int InputSize => Preparation.Size;

    /// <summary>The folds, in the run plan's order.</summary>
    public IReadOnlyList<FoldModel> Folds { get; }

    /// <summary>
    /// Loads every fold of the run folder (<see cref="RunFiles"/>): the backbone and input size from
    /// spec.json, the folds from folds.json, each fold's chosen depth from its test.json and the
    /// weights it tested (its refit stage's when the run refits). A missing or unfit file, or a run
    /// folder of a newer format, is named in the error.
    /// </summary>
    public static FoldEnsemble Load(string runFolder, ImagingLimits? limits = null)
    {
        if (!Directory.Exists(runFolder))
            throw new DirectoryNotFoundException($"{runFolder}: run folder not found");
        new RunFolder(runFolder).ReadFormat();
        var spec = SpecFile.Read(RunFiles.Spec(runFolder));
        var backbone = BackboneRegistry.All.FirstOrDefault(b => b.Name == spec.Backbone)
            ?? throw new InvalidDataException($"{RunFiles.Spec(runFolder)}: unknown backbone '{spec.Backbone}'; known: {string.Join(", ", BackboneRegistry.Names)}");
        var planPath = RunFiles.Plan(runFolder);
        if (!File.Exists(planPath))
            throw new FileNotFoundException($"{planPath}: not found; expected the run's fold plan", planPath);
        var models = new List<FoldModel>();
        try
        {
            foreach (var fold in FoldPlanStore.Load(planPath).Folds)
            {
                var choice = FoldChoice.Read(RunFiles.TestResult(runFolder, fold.Number), fold.Number);
                models.Add(FoldModel.Load(backbone, LabelMap.All.Count, spec.WidthDivisor, fold.Number, choice.Depth,
                    RunFiles.TestedWeights(runFolder, fold.Number, choice.Depth, spec.Refit)));
            }
        }
        catch
        {
            models.ForEach(m => m.Dispose());
            throw;
        }
        var preparation = SlicePreparation.For(spec.InputSize ?? backbone.InputSize, spec.Crop, spec.Normalize);
        return new FoldEnsemble(runFolder, backbone, preparation, models, limits ?? ImagingLimits.Default);
    }

    /// <summary>Classifies each file; one that cannot be read or used gets an error naming it and why, and the others are classified all the same.</summary>
    public IReadOnlyList<FilePrediction> Predict(IEnumerable<string> paths, int batchSize = 16)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var results = new List<FilePrediction>();
        foreach (var chunk in paths.Chunk(batchSize))
        {
            var answers = new FilePrediction?[chunk.Length];
            var readable = new List<(int Index, float[] Slice)>();
            for (var i = 0; i < chunk.Length; i++)
            {
                try
                {
                    readable.Add((i, Prepare(chunk[i])));
                }
                catch (Exception e) when (e is ItemRejectedException or IOException or UnauthorizedAccessException)
                {
                    answers[i] = FilePrediction.Failed(chunk[i], Describe(chunk[i], e));
                }
            }
            if (readable.Count > 0)
            {
                using var batch = Input(readable.Select(r => r.Slice));
                var classified = Classify(batch, [.. readable.Select(r => chunk[r.Index])]);
                for (var k = 0; k < readable.Count; k++)
                    answers[readable[k].Index] = classified[k];
            }
            results.AddRange(answers.Select(a => a!));
        }
        return results;
    }

    public FilePrediction Predict(string path) => Predict([path])[0];

    /// <summary>
    /// The ensemble's prediction for one file and where it looked: each fold's Grad-CAM map for the
    /// ensemble's class, and their mean. A file that cannot be read throws, naming it.
    /// </summary>
    public SaliencyResult Saliency(string path)
    {
        float[] slice;
        try
        {
            slice = Prepare(path);
        }
        catch (Exception e) when (e is ItemRejectedException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException(Describe(path, e), e);
        }
        using var batch = Input([slice]);
        var prediction = Classify(batch, [path])[0];
        int[] target = [LabelMap.Names.ToList().IndexOf(prediction.Class!)];
        var maps = Folds.Select(f =>
        {
            using var output = f.GradCam(batch, target);
            return SaliencyMap.FromBatch(output.Maps)[0];
        }).ToList();
        return new SaliencyResult(prediction, slice, SaliencyMap.Mean(maps), maps);
    }

    /// <summary>A file's slice as training preprocesses it: raw intensities scaled to 0..1, cropped if the run cropped, resized to the input size.</summary>
    public float[] Prepare(string path)
    {
        var values = SlicePreprocessor.Process(SliceFiles.Read(path, _limits), Preparation);
        var slice = new float[values.Length];
        SlicePreprocessor.ToUnitRange(values, slice);
        return slice;
    }

    /// <summary>The network input [B, 3, S, S] for preprocessed slices (the backbone's normalisation applied).</summary>
    public Tensor Input(IEnumerable<float[]> slices) => SliceTensors.Batch([.. slices.SelectMany(s => s)], InputSize, Backbone.Normalization);

    private List<FilePrediction> Classify(Tensor batch, IReadOnlyList<string> files)
    {
        var classes = LabelMap.All.Count;
        var perFold = Folds.Select(f =>
        {
            using var probabilities = f.Probabilities(batch);
            using var doubles = probabilities.to(ScalarType.Float64);
            return doubles.data<double>().ToArray();
        }).ToList();
        return files.Select((file, i) =>
        {
            IReadOnlyList<IReadOnlyList<double>> folds = [.. perFold.Select(p => (IReadOnlyList<double>)p.AsSpan(i * classes, classes).ToArray())];
            var mean = Enumerable.Range(0, classes).Select(c => folds.Average(f => f[c])).ToArray();
            var best = Array.IndexOf(mean, mean.Max());
            return new FilePrediction(file, LabelMap.Names[best], mean, folds, null);
        }).ToList();
    }

    private static string Describe(string path, Exception error) => error is ItemRejectedException rejected
        ? $"{path}: {rejected.Reason.Name()}: {rejected.Message}"
        : $"{path}: {error.Message}";

    public void Dispose()
    {
        foreach (var fold in Folds)
            fold.Dispose();
    }
}
