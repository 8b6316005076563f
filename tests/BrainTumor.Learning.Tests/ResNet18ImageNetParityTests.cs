using BrainTumor.Imaging.Preprocessing;
using BrainTumor.Imaging.Reading;
using BrainTumor.Learning.Backbones.ResNetOnnx;
using BrainTumor.Learning.Data;
using BrainTumor.Testing;
using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Tests;

/// <summary>
/// The TorchSharp port of the CNTK ResNet18 against ONNX Runtime running the original graphs
/// (ResNetPreprocess.onnx then ResNet18.onnx), on real CE-MRI slices from data/sample.
/// </summary>
public class ResNet18ImageNetParityTests(ITestOutputHelper output)
{
    private const int Size = ResNet18ImageNet.InputSize;

    [Fact]
    public void Features_match_onnx_runtime_on_the_original_graph()
    {
        var slices = SampleSlices();
        var reference = OnnxRuntimeFeatures(slices);

        using var model = ResNet18ImageNet.Create(classes: 3);
        model.eval();
        using var batch = SliceTensors.Batch(slices, Enumerable.Range(0, slices.Count).ToList(), ResNet18ImageNet.Normalization());
        float[] ported;
        using (no_grad())
        using (var features = model.Features(batch))
        {
            Assert.Equal(new long[] { slices.Count, 512 }, features.shape);
            ported = features.data<float>().ToArray();
        }

        var range = reference.Max() - reference.Min();
        var maxDiff = reference.Zip(ported, (a, b) => Math.Abs(a - b)).Max();
        output.WriteLine($"ORT output range {range:G6}, max |TorchSharp - ORT| {maxDiff:G6} ({maxDiff / range:G3} of the range)");
        Assert.True(range > 0.1f, $"the reference features are degenerate (range {range})");
        Assert.True(maxDiff < 1e-3f * range, $"max |diff| {maxDiff} is not below 1e-3 of the output range {range}");
    }

    [Fact]
    public void Normalisation_matches_the_preprocessing_graph()
    {
        var slices = SampleSlices();
        using var session = new InferenceSession(ResNet18ImageNet.PreprocessingPath());
        using var batch = SliceTensors.Batch(slices, Enumerable.Range(0, slices.Count).ToList(), ResNet18ImageNet.Normalization());
        var ours = batch.data<float>().ToArray();
        for (var i = 0; i < slices.Count; i++)
        {
            var theirs = Run(session, RgbInput(slices.Slice(i)));
            var mine = ours.AsSpan(i * 3 * Size * Size, 3 * Size * Size).ToArray();
            Assert.True(theirs.Zip(mine, (a, b) => Math.Abs(a - b)).Max() < 1e-4f);
        }
    }

    [Fact]
    public void Onnx_graphs_take_and_give_what_the_port_assumes()
    {
        using var preprocess = new InferenceSession(ResNet18ImageNet.PreprocessingPath());
        using var network = new InferenceSession(ResNet18ImageNet.NetworkPath());
        Assert.Equal(new[] { 1, 3, Size, Size }, preprocess.InputMetadata.Single().Value.Dimensions);
        Assert.Equal(new[] { 1, 3, Size, Size }, network.InputMetadata.Single().Value.Dimensions);
        Assert.Equal(new[] { 1, 512, 1, 1 }, network.OutputMetadata.Single().Value.Dimensions);
    }

    /// <summary>Four slices of different patients and classes, preprocessed as training sees them.</summary>
    internal static PreprocessedSlices SampleSlices()
    {
        var reader = DatasetReaders.ForFolder(TestPaths.Sample);
        var items = reader.Index(TestPaths.Sample).Items;
        var picked = new[] { 0, items.Count / 3, 2 * items.Count / 3, items.Count - 1 }.Select(i => items[i]).ToList();
        var slices = PreprocessedLoader.Load(reader, picked, Size, cache: null);
        Assert.Equal(4, slices.Count);
        return slices;
    }

    /// <summary>ONNX Runtime on the original graphs, one slice at a time (the graphs fix the batch at 1).</summary>
    private static float[] OnnxRuntimeFeatures(PreprocessedSlices slices)
    {
        using var preprocess = new InferenceSession(ResNet18ImageNet.PreprocessingPath());
        using var network = new InferenceSession(ResNet18ImageNet.NetworkPath());
        var features = new List<float>();
        for (var i = 0; i < slices.Count; i++)
            features.AddRange(Run(network, Run(preprocess, RgbInput(slices.Slice(i)))));
        return features.ToArray();
    }

    /// <summary>What the preprocessing graph expects: RGB in 0..255 (a grey slice on all three channels).</summary>
    private static float[] RgbInput(ReadOnlySpan<float> grey)
    {
        var rgb = new float[3 * grey.Length];
        for (var c = 0; c < 3; c++)
            for (var p = 0; p < grey.Length; p++)
                rgb[c * grey.Length + p] = grey[p] * 255f;
        return rgb;
    }

    private static float[] Run(InferenceSession session, float[] input)
    {
        var name = session.InputMetadata.Single().Key;
        using var value = OrtValue.CreateTensorValueFromMemory(input, [1, 3, Size, Size]);
        using var options = new RunOptions();
        using var results = session.Run(options, [name], [value], [session.OutputMetadata.Single().Key]);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
