using BrainTumor.Learning.Backbones;
using BrainTumor.Learning.Tests.Support;
using BrainTumor.Learning.Weights;
using BrainTumor.Testing;
using TorchSharp;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Tests.Weights;

/// <summary>The width-8 VGG19 written by real PyTorch: loading it must reproduce PyTorch's outputs.</summary>
public class VggFixtureImportTests
{
    private const double Tolerance = 1e-4;

    [Fact]
    public void Zip_checkpoint_reproduces_pytorchs_features_and_logits()
    {
        using var model = Vgg.Vgg19(Vgg19Fixture.Classes, Vgg19Fixture.WidthDivisor);
        var report = WeightsImporter.Import(model, Vgg.Blocks(19), Vgg19Fixture.ZipFile);

        Assert.Equal("pytorch-zip", report.Format);
        Assert.True(report.Loaded);
        Assert.Equal(38, report.Tensors);
        Assert.Empty(report.Dropped);
        Assert.Equal(model.parameters().Sum(p => p.numel()), report.Values);
        AssertReproducesPyTorch(model);
    }

    [SkippableFact]
    public void Legacy_checkpoint_is_read_and_reproduces_pytorchs_outputs()
    {
        var legacy = Vgg19Fixture.LegacyFile;
        using var model = Vgg.Vgg19(Vgg19Fixture.Classes, Vgg19Fixture.WidthDivisor);
        var report = WeightsImporter.Import(model, Vgg.Blocks(19), legacy);

        Assert.Equal("pytorch-legacy", report.Format);
        Assert.Equal(38, report.Tensors);
        AssertReproducesPyTorch(model);
    }

    [Theory]
    [InlineData("vgg19-w8.safetensors")]
    [InlineData("vgg19-w8.pth")]
    public void Saved_weights_reload_identically(string name)
    {
        using var original = Vgg.Vgg19(Vgg19Fixture.Classes, Vgg19Fixture.WidthDivisor);
        WeightsImporter.Import(original, Vgg.Blocks(19), Vgg19Fixture.ZipFile);
        var path = Path.Combine(TestPaths.NewTempDirectory("weights"), name);
        WeightsExport.Save(original, path);

        using var reloaded = Vgg.Vgg19(Vgg19Fixture.Classes, Vgg19Fixture.WidthDivisor);
        var report = WeightsImporter.Import(reloaded, Vgg.Blocks(19), path);

        Assert.Equal(38, report.Tensors);
        foreach (var (key, value) in original.state_dict())
            TensorAssert.Same(value, reloaded.state_dict()[key]);
        AssertReproducesPyTorch(reloaded);
    }

    [Fact]
    public void Reading_in_small_chunks_gives_the_same_tensors()
    {
        using var file = WeightsFile.Open(Vgg19Fixture.ZipFile);
        using var whole = file.Read("classifier.0.weight");
        var chunk = TensorReading.ChunkBytes;
        try
        {
            TensorReading.ChunkBytes = 1000;
            using var chunked = file.Read("classifier.0.weight");
            TensorAssert.Same(whole, chunked);
        }
        finally
        {
            TensorReading.ChunkBytes = chunk;
        }
    }

    [Fact]
    public void Opening_lists_every_tensor_with_fixture_shapes_before_reading_any()
    {
        using var file = WeightsFile.Open(Vgg19Fixture.ZipFile);
        Assert.Equal(Vgg19Fixture.Keys().Select(k => k.Key), file.Entries.Select(e => e.Key));
        Assert.All(file.Entries.Zip(Vgg19Fixture.Keys()), pair => Assert.Equal(pair.Second.Shape, pair.First.Shape));
        Assert.All(file.Entries, e => Assert.Equal(ScalarType.Float32, e.DType));
    }

    private static void AssertReproducesPyTorch(nn.Module<Tensor, Tensor> model)
    {
        model.eval();
        using var _ = no_grad();
        using var input = Vgg19Fixture.Input;
        var features = (nn.Module<Tensor, Tensor>)model.named_children().Single(c => c.name == "features").module;
        using var expectedFeatures = Vgg19Fixture.Features;
        using var actualFeatures = features.forward(input);
        TensorAssert.Close(expectedFeatures, actualFeatures, Tolerance);
        using var expectedLogits = Vgg19Fixture.Logits;
        using var actualLogits = model.forward(input);
        TensorAssert.Close(expectedLogits, actualLogits, Tolerance);
    }
}
