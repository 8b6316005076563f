using System.Text.Json;
using BrainTumor.Testing;

namespace BrainTumor.Client.Tests;

public class BackboneCommandTests
{
    private static Dictionary<string, string> WeightsIn(string directory) => new() { ["BrainTumor__Weights__Directory"] = directory };

    [Fact]
    public void Backbones_json_lists_every_backbone_with_its_facts_and_weights_status()
    {
        var weights = TestPaths.NewTempDirectory("cli-weights");
        File.WriteAllText(Path.Combine(weights, "vgg19-dcbb9e9d.pth"), "placed by the test, not weights");

        var run = CliRunner.RunIn(TestPaths.NewTempDirectory("cli"), WeightsIn(weights), "backbones", "--json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        var byName = json.RootElement.EnumerateArray().ToDictionary(b => b.GetProperty("name").GetString()!);
        Assert.Equal(["alexnet", "resnet18-imagenet", "vgg16", "vgg19"], byName.Keys);

        var vgg19 = byName["vgg19"];
        Assert.Equal(224, vgg19.GetProperty("input_size").GetInt32());
        Assert.Equal(3, vgg19.GetProperty("classes").GetInt32());
        Assert.Equal(139_582_531, vgg19.GetProperty("parameters").GetInt64());
        Assert.Equal("imagenet", vgg19.GetProperty("normalization").GetProperty("name").GetString());
        Assert.Equal([0.485f, 0.456f, 0.406f], vgg19.GetProperty("normalization").GetProperty("mean").EnumerateArray().Select(v => v.GetSingle()));
        Assert.Equal(["block1", "block2", "block3", "block4", "block5", "head"], vgg19.GetProperty("blocks").EnumerateArray().Select(b => b.GetProperty("name").GetString()));
        Assert.Equal("classifier.6", vgg19.GetProperty("output_layer").GetString());
        var vgg19Weights = vgg19.GetProperty("weights");
        Assert.True(vgg19Weights.GetProperty("present").GetBoolean());
        Assert.Equal(Path.Combine(weights, "vgg19-dcbb9e9d.pth"), vgg19Weights.GetProperty("path").GetString());
        Assert.False(vgg19Weights.GetProperty("usable").GetBoolean()); // a text file under the right name
        Assert.Contains("present but not usable", vgg19Weights.GetProperty("status").GetString());
        Assert.Contains("not a PyTorch (.pth, zip or legacy format) or safetensors weights file", vgg19Weights.GetProperty("status").GetString());

        Assert.Equal(134_272_835, byName["vgg16"].GetProperty("parameters").GetInt64());
        Assert.Equal(57_016_131, byName["alexnet"].GetProperty("parameters").GetInt64());
        var resnet = byName["resnet18-imagenet"];
        Assert.Equal(15_898_691, resnet.GetProperty("parameters").GetInt64());
        Assert.Equal("head", resnet.GetProperty("output_layer").GetString());
        Assert.True(resnet.GetProperty("weights").GetProperty("present").GetBoolean());
        Assert.True(resnet.GetProperty("weights").GetProperty("usable").GetBoolean());
        Assert.EndsWith("DnnImageModels/ResNet18Onnx/ResNet18.onnx", resnet.GetProperty("weights").GetProperty("path").GetString());
        var missing = byName["vgg16"].GetProperty("weights");
        Assert.False(missing.GetProperty("present").GetBoolean());
        Assert.Contains("NOT transfer learning", missing.GetProperty("status").GetString());
    }

    [Fact]
    public void Backbones_text_warns_when_weights_are_missing()
    {
        var run = CliRunner.RunIn(TestPaths.NewTempDirectory("cli"), WeightsIn(TestPaths.NewTempDirectory("cli-empty")), "backbones", "vgg19");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.StartsWith("vgg19: VGG19", run.Stdout);
        Assert.Contains("139,582,531 with a 3-class output layer (classifier.6)", run.Stdout);
        Assert.Contains("block1 features.0-3 | block2 features.5-8 | block3 features.10-17 | block4 features.19-26 | block5 features.28-35 | head classifier", run.Stdout);
        Assert.Contains("starts from random weights", run.Stdout);
    }

    [Fact]
    public void A_weights_file_for_another_network_is_reported_as_not_fitting()
    {
        var weights = TestPaths.NewTempDirectory("cli-weights");
        File.Copy(Path.Combine(TestPaths.Fixtures, "vgg19-w8", "vgg19-w8.pth"), Path.Combine(weights, "vgg19-dcbb9e9d.pth"));

        var run = CliRunner.RunIn(TestPaths.NewTempDirectory("cli"), WeightsIn(weights), "backbones", "vgg19");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("(NOT USABLE)", run.Stdout);
        Assert.Contains("does not fit the model", run.Stdout);
        Assert.Contains("features.0.weight: shape [8, 3, 3, 3] in the file, [64, 3, 3, 3] in the model", run.Stdout);
    }

    [Fact]
    public void An_unknown_backbone_fails_with_the_known_names_on_stderr()
    {
        var run = CliRunner.RunIn(TestPaths.NewTempDirectory("cli"), new Dictionary<string, string>(), "backbones", "vgg99", "--json");

        Assert.Equal(3, run.ExitCode); // refused input
        Assert.Equal("", run.Stdout);
        Assert.StartsWith("error: unknown backbone 'vgg99'; known: alexnet", run.Stderr);
        Assert.Contains("vgg19", run.Stderr);
    }
}
