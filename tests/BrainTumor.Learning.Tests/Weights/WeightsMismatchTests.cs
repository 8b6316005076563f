using BrainTumor.Learning.Backbones;
using BrainTumor.Learning.Tests.Support;
using BrainTumor.Learning.Weights;
using BrainTumor.Testing;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Tests.Weights;

public class WeightsMismatchTests
{
    [Fact]
    public void An_output_layer_of_another_size_is_dropped_and_reported_and_the_rest_loads()
    {
        using var model = Vgg.Vgg19(4, Vgg19Fixture.WidthDivisor);
        using var freshHead = model.state_dict()["classifier.6.weight"].clone();

        var report = WeightsImporter.Import(model, Vgg.Blocks(19), Vgg19Fixture.ZipFile);

        Assert.Equal(36, report.Tensors);
        Assert.Equal(["classifier.6.weight", "classifier.6.bias"], report.Dropped.Select(d => d.Key));
        Assert.Equal([3L, 512L], report.Dropped[0].FileShape);
        Assert.Equal([4L, 512L], report.Dropped[0].ModelShape);
        Assert.Contains("Dropped the file's output layer classifier.6", report.Describe());
        Assert.Contains("classifier.6.weight [3, 512] in the file, [4, 512] in the model", report.Describe());
        TensorAssert.Same(freshHead, model.state_dict()["classifier.6.weight"]);
        using var file = WeightsFile.Open(Vgg19Fixture.ZipFile);
        using var loaded = file.Read("classifier.3.weight");
        TensorAssert.Same(loaded, model.state_dict()["classifier.3.weight"]);
    }

    [Fact]
    public void A_check_reports_the_same_without_reading_a_tensor_into_a_meta_model()
    {
        var report = BackboneRegistry.Get("vgg19").CheckWeights(Vgg19Fixture.ZipFile, classes: 4, Vgg19Fixture.WidthDivisor);

        Assert.False(report.Loaded);
        Assert.Equal(36, report.Tensors);
        Assert.Equal(["classifier.6.weight", "classifier.6.bias"], report.Dropped.Select(d => d.Key));
        Assert.StartsWith($"{Vgg19Fixture.ZipFile} (pytorch-zip) fits: 36 tensors", report.Describe());
    }

    [Fact]
    public void A_check_of_a_file_for_another_width_names_the_problems()
    {
        var e = Assert.Throws<InvalidDataException>(() => BackboneRegistry.Get("vgg19").CheckWeights(Vgg19Fixture.ZipFile, classes: 3));

        Assert.Contains("features.0.weight: shape [8, 3, 3, 3] in the file, [64, 3, 3, 3] in the model", e.Message);
        Assert.Contains("... and", e.Message);
    }

    [Fact]
    public void A_mis_shaped_key_outside_the_head_is_an_error_naming_it_with_both_shapes_and_nothing_loads()
    {
        var path = Path.Combine(TestPaths.NewTempDirectory("weights"), "reshaped.safetensors");
        SafetensorsWriter.Write(path, FixtureTensors(t => t.Key == "features.0.weight" ? t with { Shape = [8, 27] } : t));
        using var model = Vgg.Vgg19(Vgg19Fixture.Classes, Vgg19Fixture.WidthDivisor);
        using var before = model.state_dict()["features.2.weight"].clone();

        var e = Assert.Throws<InvalidDataException>(() => WeightsImporter.Import(model, Vgg.Blocks(19), path));

        Assert.StartsWith(path, e.Message);
        Assert.Contains("features.0.weight: shape [8, 27] in the file, [8, 3, 3, 3] in the model", e.Message);
        Assert.Contains("1 problem;", e.Message);
        TensorAssert.Same(before, model.state_dict()["features.2.weight"]);
    }

    [Fact]
    public void Missing_and_unexpected_keys_are_errors_naming_each()
    {
        using var vgg16 = Vgg.Vgg16(Vgg19Fixture.Classes, Vgg19Fixture.WidthDivisor);

        var e = Assert.Throws<InvalidDataException>(() => WeightsImporter.Import(vgg16, Vgg.Blocks(16), Vgg19Fixture.ZipFile));

        Assert.Contains(Vgg19Fixture.ZipFile, e.Message);
        Assert.Contains("features.34.weight: in the file [64, 64, 3, 3], not in the model", e.Message);
        Assert.Contains("features.17.weight: in the model [64, 32, 3, 3], not in the file", e.Message);
        Assert.Contains("features.19.weight: shape [64, 32, 3, 3] in the file, [64, 64, 3, 3] in the model", e.Message);
    }

    [Fact]
    public void A_missing_output_layer_is_an_error_not_a_drop()
    {
        var path = Path.Combine(TestPaths.NewTempDirectory("weights"), "headless.safetensors");
        SafetensorsWriter.Write(path, FixtureTensors(t => t).Where(t => !t.Key.StartsWith("classifier.6.", StringComparison.Ordinal)).ToList());
        using var model = Vgg.Vgg19(Vgg19Fixture.Classes, Vgg19Fixture.WidthDivisor);

        var e = Assert.Throws<InvalidDataException>(() => WeightsImporter.Import(model, Vgg.Blocks(19), path));

        Assert.Contains("classifier.6.weight: in the model [3, 512], not in the file", e.Message);
    }

    /// <summary>The fixture's tensors as plain arrays, edited by <paramref name="edit"/>.</summary>
    private static List<CheckpointTensor> FixtureTensors(Func<CheckpointTensor, CheckpointTensor> edit)
    {
        using var file = WeightsFile.Open(Vgg19Fixture.ZipFile);
        return file.Entries.Select(e =>
        {
            using var tensor = file.Read(e.Key);
            return edit(new CheckpointTensor(e.Key, e.Shape, tensor.data<float>().ToArray()));
        }).ToList();
    }
}
