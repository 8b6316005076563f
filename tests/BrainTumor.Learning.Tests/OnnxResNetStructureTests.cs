using BrainTumor.Learning.Backbones.Onnx;
using BrainTumor.Learning.Backbones.ResNetOnnx;
using BrainTumor.Testing;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Tests;

public class OnnxResNetStructureTests
{
    // 22 convolutions (15,885,504 weights, no biases) and 22 BatchNorm layers over 5,824
    // channels (scale and shift are parameters, mean and variance buffers).
    private const long FeatureParameters = 15_897_152;
    private const long BatchNormStatistics = 2 * 5_824;

    [Fact]
    public void Parameters_are_the_graphs_initializers_exactly()
    {
        var graph = OnnxGraphReader.Read(ResNet18ImageNet.NetworkPath());
        using var model = new OnnxResNet(ResNetGraphAnalysis.Analyse(graph), classes: 3);

        var features = model.named_parameters().Where(p => !p.name.StartsWith("head.")).Sum(p => p.parameter.numel());
        var statistics = model.named_buffers().Sum(b => b.buffer.numel());
        Assert.Equal(FeatureParameters, features);
        Assert.Equal(BatchNormStatistics, statistics);
        Assert.Equal(graph.Initializers.Values.Sum(t => t.ElementCount), features + statistics);
        Assert.Equal(512 * 3 + 3, model.named_parameters().Where(p => p.name.StartsWith("head.")).Sum(p => p.parameter.numel()));

        // Every initializer reaches the module unchanged (spot check: the first and last conv, a BN mean).
        var state = model.state_dict();
        AssertSame(graph.Initializer("Parameter91"), state["stem.conv.weight"]);
        AssertSame(graph.Initializer("Parameter10"), state["layer4.2.conv2.weight"]);
        AssertSame(graph.Initializer("Constant98"), state["stem.bn.running_mean"]);
    }

    [Fact]
    public void Models_from_the_graph_read_once_do_not_share_weights_with_it_or_each_other()
    {
        Assert.Same(ResNet18ImageNet.Topology(), ResNet18ImageNet.Topology());
        var original = ResNet18ImageNet.Topology().Stem.Conv.Weight.Data[0];
        using var first = ResNet18ImageNet.Create(classes: 3);
        using var second = ResNet18ImageNet.Create(classes: 3);
        using (no_grad())
            first.state_dict()["stem.conv.weight"].add_(1f);

        Assert.Equal(original + 1f, first.state_dict()["stem.conv.weight"].flatten()[0].item<float>());
        Assert.Equal(original, second.state_dict()["stem.conv.weight"].flatten()[0].item<float>());
        Assert.Equal(original, ResNet18ImageNet.Topology().Stem.Conv.Weight.Data[0]);
    }

    [Fact]
    public void Structure_is_found_in_the_graph()
    {
        using var model = ResNet18ImageNet.Create(classes: 3);

        // Three units at 512 channels, unlike torchvision's ResNet18 (two).
        Assert.Equal([2, 2, 2, 3], model.UnitsPerStage);
        Assert.Equal(["stem", "layer1", "layer2", "layer3", "layer4", "head"], model.Blocks.Blocks.Select(b => b.Name));
        Assert.Equal(512, model.FeatureChannels);
        var parameters = model.named_parameters().Select(p => p.name).ToList();
        Assert.Equal("stem.conv.weight", parameters[0]);
        Assert.Equal("head.bias", parameters[^1]);
        var names = model.state_dict().Keys.ToList();
        string[] projections = ["layer2.0.shortcut.conv.weight", "layer3.0.shortcut.conv.weight", "layer4.0.shortcut.conv.weight"];
        Assert.Equal(projections, names.Where(n => n.Contains(".shortcut.conv.")));
        Assert.Contains("layer4.2.bn2.running_var", names);
    }

    [Fact]
    public void Forward_gives_class_scores_and_refuses_other_input_sizes()
    {
        using var model = ResNet18ImageNet.Create(classes: 3);
        model.eval();
        using var _ = no_grad();
        using var scores = model.call(zeros(2, 3, 224, 224));
        Assert.Equal(new long[] { 2, 3 }, scores.shape);
        var error = Assert.Throws<ArgumentException>(() => model.call(zeros(1, 3, 256, 256)));
        Assert.Contains("224", error.Message);
    }

    [Fact]
    public void An_unsupported_op_is_named()
    {
        var graph = new OnnxGraph("tiny.onnx", "hand",
            [new OnnxValueInfo("x", [1, 3, 8, 8])], [new OnnxValueInfo("y", [1, 3, 8, 8])],
            [new OnnxNode("softmax1", "Softmax", ["x"], ["y"], new Dictionary<string, OnnxAttribute>())],
            new Dictionary<string, OnnxTensor>());

        var error = Assert.Throws<NotSupportedException>(() => ResNetGraphAnalysis.Analyse(graph));
        Assert.Contains("'Softmax'", error.Message);
        Assert.Contains("softmax1", error.Message);
    }

    [Fact]
    public void A_missing_model_file_says_where_it_comes_from()
    {
        var folder = TestPaths.NewTempDirectory("no-models");

        var error = Assert.Throws<FileNotFoundException>(() => ResNet18ImageNet.Create(3, folder));
        Assert.Contains(Path.Combine(folder, "ResNet18Onnx", "ResNet18.onnx"), error.Message);
        Assert.Contains("Microsoft.ML.DnnImageFeaturizer.ResNet18", error.Message);
        Assert.Throws<FileNotFoundException>(() => ResNet18ImageNet.Normalization(folder));
    }

    [Fact]
    public void The_model_files_are_found_beside_the_program()
    {
        Assert.True(File.Exists(ResNet18ImageNet.NetworkPath()));
        var normalization = ResNet18ImageNet.Normalization();
        Assert.Equal(255f, normalization.Scale);
        Assert.NotNull(normalization.MeanImage);
        Assert.Equal(224, normalization.MeanImage.Size);
        // The BGR mean image: per-channel means B 103.06, G 115.90, R 123.15 (CNTK's ImageNet means, as the packaged ResNetPreprocess.onnx holds them).
        var plane = 224 * 224;
        float[] means = [.. Enumerable.Range(0, 3).Select(c => normalization.MeanImage.Values.AsSpan(c * plane, plane).ToArray().Average())];
        Assert.Equal([103.06, 115.90, 123.15], means.Select(m => Math.Round(m, 2)));
    }

    private static void AssertSame(OnnxTensor expected, Tensor actual)
    {
        Assert.Equal(expected.Shape, actual.shape);
        Assert.Equal(expected.Data, actual.data<float>().ToArray());
    }
}
