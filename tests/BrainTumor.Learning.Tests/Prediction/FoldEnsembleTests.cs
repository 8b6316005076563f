using BrainTumor.Protocol.Labels;
using BrainTumor.Imaging.Preprocessing;
using BrainTumor.Imaging.Reading;
using BrainTumor.Learning.Data;
using BrainTumor.Learning.Prediction;
using BrainTumor.Learning.Saliency;
using BrainTumor.Learning.Tests.Support;
using BrainTumor.Learning.Tests.Training;
using BrainTumor.Protocol.Specs;
using BrainTumor.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Tests.Prediction;

[Collection(SeededTorchCollection.Name)]
public class FoldEnsembleTests
{
    private static readonly string FigshareFixtures = Path.Combine(TestPaths.Fixtures, "figshare-mat");

    [Fact]
    public void Loads_each_folds_chosen_stage()
    {
        var run = TinyRun.Create();
        using var ensemble = FoldEnsemble.Load(run);

        Assert.Equal("vgg19", ensemble.Backbone.Name);
        Assert.Equal(TinyRun.Size, ensemble.InputSize);
        Assert.Equal([(1, 1), (2, 0)], ensemble.Folds.Select(f => (f.Fold, f.Depth)));
        Assert.Equal([RunFiles.Weights(run, 1, 1), RunFiles.Weights(run, 2, 0)], ensemble.Folds.Select(f => f.WeightsPath));
    }

    [Fact]
    public void Files_are_prepared_as_the_run_prepared_its_training_slices()
    {
        var run = TinyRun.Create();
        SpecFile.Write(RunFiles.Spec(run), SpecFile.Read(RunFiles.Spec(run)) with { Crop = "brain", Normalize = "percentile" });
        var path = Items(TestPaths.Sample, 0).Items[0].Path;
        using var ensemble = FoldEnsemble.Load(run);

        Assert.Equal(new SlicePreparation(TinyRun.Size, CropToBrain: true, IntensityScaling.Percentile), ensemble.Preparation);
        var expected = SlicePreprocessor.Process(SliceFiles.Read(path, ImagingLimits.Default), ensemble.Preparation).Select(v => v / 65535f);
        var plain = SlicePreprocessor.Process(SliceFiles.Read(path, ImagingLimits.Default), TinyRun.Size).Select(v => v / 65535f);
        Assert.Equal(expected, ensemble.Prepare(path));
        Assert.NotEqual(plain, ensemble.Prepare(path));
    }

    [Fact]
    public void A_refitting_run_loads_the_weights_each_fold_tested_its_refit_stages()
    {
        var run = TinyRun.Create();
        SpecFile.Write(RunFiles.Spec(run), SpecFile.Read(RunFiles.Spec(run)) with { Refit = true });
        foreach (var (fold, depth) in TinyRun.ChosenDepth)
            File.Copy(RunFiles.Weights(run, fold, 1 - depth), RunFiles.TestedWeights(run, fold, depth, refit: true));
        using var ensemble = FoldEnsemble.Load(run);
        Assert.Equal([Path.Combine(run, "fold-1", "refit-1.pt"), Path.Combine(run, "fold-2", "refit-0.pt")], ensemble.Folds.Select(f => f.WeightsPath));
    }

    [Fact]
    public void A_run_folder_of_a_newer_format_is_refused_naming_its_version_file()
    {
        var run = TinyRun.Create();
        File.WriteAllText(Path.Combine(run, "run.json"), "{\"format_version\":3}");
        var error = Assert.Throws<InvalidDataException>(() => FoldEnsemble.Load(run));
        Assert.Equal($"{Path.Combine(run, "run.json")}: format_version 3; this version reads run folders of format 1 to 2", error.Message);
    }

    [Fact]
    public void Probabilities_are_the_mean_of_each_fold_model_run_on_the_training_data_path()
    {
        var run = TinyRun.Create();
        var images = Items(TestPaths.Sample, 0, 150, 299);
        var mat = Items(FigshareFixtures, 0, 1);
        using var ensemble = FoldEnsemble.Load(run);

        var predictions = ensemble.Predict([.. images.Items.Concat(mat.Items).Select(i => i.Path)], batchSize: 2);

        var byHand = ByHand(run, images).Concat(ByHand(run, mat)).ToList();
        Assert.Equal(byHand.Count, predictions.Count);
        for (var i = 0; i < byHand.Count; i++)
        {
            var (folds, mean) = byHand[i];
            Assert.Null(predictions[i].Error);
            for (var f = 0; f < folds.Length; f++)
                AssertClose(folds[f], predictions[i].FoldProbabilities![f]);
            AssertClose(mean, predictions[i].Probabilities!);
            Assert.Equal(LabelMap.Names[Array.IndexOf(mean, mean.Max())], predictions[i].Class);
        }
        // The folds disagree (different weights): the mean is not just one fold's answer.
        Assert.Contains(byHand, b => Math.Abs(b.Folds[0][0] - b.Folds[1][0]) > 0.05);
    }

    [Fact]
    public void A_file_that_cannot_be_used_gets_an_error_naming_it_and_the_others_are_classified()
    {
        var run = TinyRun.Create();
        var folder = TestPaths.NewTempDirectory("predict-bad-files");
        var good = Items(TestPaths.Sample, 0, 200).Items.Select(i => i.Path).ToList();
        var truncated = Path.Combine(folder, "cut.jpg");
        var bytes = File.ReadAllBytes(good[0]);
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        var text = Path.Combine(folder, "notes.txt");
        File.WriteAllText(text, "not a slice");
        var blank = Path.Combine(folder, "blank.png");
        using (var image = new Image<L8>(32, 32, new L8(7)))
            image.SaveAsPng(blank);
        var missing = Path.Combine(folder, "missing.jpg");
        using var ensemble = FoldEnsemble.Load(run);

        var predictions = ensemble.Predict([good[0], truncated, text, good[1], missing, blank]);

        Assert.Equal([good[0], truncated, text, good[1], missing, blank], predictions.Select(p => p.File));
        Assert.All([predictions[0], predictions[3]], p => Assert.True(p.Succeeded && p.Class is not null && Math.Abs(p.Probabilities!.Sum() - 1) < 1e-6));
        AssertClose(ensemble.Predict(good[1]).Probabilities!, predictions[3].Probabilities!);
        Assert.StartsWith($"{truncated}: truncated:", predictions[1].Error);
        Assert.StartsWith($"{text}: not_an_image: extension '.txt' is not .jpg, .jpeg, .png or .mat", predictions[2].Error);
        Assert.StartsWith($"{missing}: missing_file:", predictions[4].Error);
        Assert.StartsWith($"{blank}: blank:", predictions[5].Error);
        Assert.All([predictions[1], predictions[2], predictions[4], predictions[5]], p => Assert.True(p.Class is null && p.Probabilities is null));
    }

    [Fact]
    public void Loading_names_the_file_that_is_missing_or_does_not_fit()
    {
        var noSpec = TinyRun.Create();
        File.Delete(RunFiles.Spec(noSpec));
        Assert.Contains(RunFiles.Spec(noSpec), Assert.Throws<FileNotFoundException>(() => FoldEnsemble.Load(noSpec)).Message);

        var unfinished = TinyRun.Create();
        File.Delete(RunFiles.TestResult(unfinished, 2));
        Assert.Contains(RunFiles.TestResult(unfinished, 2), Assert.Throws<FileNotFoundException>(() => FoldEnsemble.Load(unfinished)).Message);

        var otherWidth = TinyRun.Create();
        SpecFile.Write(RunFiles.Spec(otherWidth), new ExperimentSpec { Dataset = "tiny", Backbone = "vgg19", InputSize = TinyRun.Size, WidthDivisor = 4 });
        var misfit = Assert.Throws<InvalidDataException>(() => FoldEnsemble.Load(otherWidth)).Message;
        Assert.StartsWith($"{RunFiles.Weights(otherWidth, 1, 1)}: cannot be loaded into vgg19 (width 1/4, 3 classes)", misfit);

        var unknown = TinyRun.Create();
        File.WriteAllText(RunFiles.Spec(unknown), """{ "format_version": 2, "dataset": "d", "backbone": "vgg99" }""");
        Assert.StartsWith($"{RunFiles.Spec(unknown)}: unknown backbone 'vgg99'", Assert.Throws<InvalidDataException>(() => FoldEnsemble.Load(unknown)).Message);

        var noBackbone = TinyRun.Create();
        File.WriteAllText(RunFiles.Spec(noBackbone), """{ "format_version": 2, "dataset": "d", "backbone": " ", "input_size": 64 }""");
        Assert.Contains("--backbone", Assert.Throws<InvalidDataException>(() => FoldEnsemble.Load(noBackbone)).Message);

        var noDepth = TinyRun.Create();
        File.WriteAllText(RunFiles.TestResult(noDepth, 1), """{ "fold": 1 }""");
        var depthError = Assert.Throws<InvalidDataException>(() => FoldEnsemble.Load(noDepth)).Message;
        Assert.StartsWith(RunFiles.TestResult(noDepth, 1), depthError);
        Assert.Contains("depth", depthError);
    }

    [Fact]
    public void Saliency_is_the_mean_of_the_folds_grad_cam_maps_for_the_ensembles_class()
    {
        var run = TinyRun.Create();
        var path = Items(TestPaths.Sample, 100).Items[0].Path;
        using var ensemble = FoldEnsemble.Load(run);

        var result = ensemble.Saliency(path);

        AssertClose(ensemble.Predict(path).Probabilities!, result.Prediction.Probabilities!);
        int[] target = [LabelMap.Names.ToList().IndexOf(result.Prediction.Class!)];
        using var batch = ensemble.Input([result.Slice]);
        var byHand = TinyRun.ChosenDepth.Keys.Select(fold =>
        {
            using var model = TinyRun.Load(run, fold);
            using var output = GradCam.Compute(model, batch, target);
            return SaliencyMap.FromBatch(output.Maps)[0];
        }).ToList();
        Assert.Equal(byHand.Select(m => m.Values), result.FoldMaps.Select(m => m.Values));
        Assert.Equal(SaliencyMap.Mean(byHand).Values, result.Map.Values);
        Assert.Equal(TinyRun.Size, result.Map.Size);
        Assert.InRange(result.Map.Values.Max(), 0f, 1f);

        var folder = TestPaths.NewTempDirectory("saliency");
        var png = result.WriteOverlay(folder);
        Assert.Equal(Path.Combine(folder, Path.GetFileNameWithoutExtension(path) + ".saliency.png"), png);
        using var image = Image.Load<Rgb24>(png);
        Assert.Equal((TinyRun.Size, TinyRun.Size), (image.Width, image.Height));

        var missing = Path.Combine(folder, "missing.mat");
        Assert.StartsWith($"{missing}: missing_file:", Assert.Throws<InvalidDataException>(() => ensemble.Saliency(missing)).Message);
    }

    private static PreprocessedSlices Items(string dataset, params int[] positions)
    {
        var reader = DatasetReaders.ForFolder(dataset);
        var items = reader.Index(dataset).Items;
        return PreprocessedLoader.Load(reader, [.. positions.Select(p => items[p])], TinyRun.Size, cache: null);
    }

    /// <summary>Each fold's softmax on slices loaded the way training loads them, and their mean, per slice.</summary>
    private static IEnumerable<(double[][] Folds, double[] Mean)> ByHand(string run, PreprocessedSlices slices)
    {
        using var batch = SliceTensors.Batch(slices, [.. Enumerable.Range(0, slices.Count)], InputNormalization.ImageNet);
        var perFold = TinyRun.ChosenDepth.Keys.Select(fold =>
        {
            using var model = TinyRun.Load(run, fold);
            using var noGrad = no_grad();
            using var logits = model.call(batch);
            using var probabilities = nn.functional.softmax(logits, 1);
            return probabilities.data<float>().Select(v => (double)v).ToArray();
        }).ToList();
        for (var i = 0; i < slices.Count; i++)
        {
            var folds = perFold.Select(p => p[(i * 3)..(i * 3 + 3)]).ToArray();
            yield return (folds, [.. Enumerable.Range(0, 3).Select(c => folds.Average(f => f[c]))]);
        }
    }

    private static void AssertClose(IReadOnlyList<double> expected, IReadOnlyList<double> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-6, $"class {i}: expected {expected[i]:R}, got {actual[i]:R}");
    }
}
