using BrainTumor.Imaging.Preprocessing;
using BrainTumor.Imaging.Reading;
using BrainTumor.Learning.Data;
using BrainTumor.Testing;

namespace BrainTumor.Learning.Tests;

public class SliceTensorsTests
{
    [Fact]
    public void Batch_replicates_grey_to_three_channels_and_applies_the_backbone_normalisation()
    {
        var reader = DatasetReaders.ForFolder(TestPaths.Sample);
        var items = reader.Index(TestPaths.Sample).Items.Take(3).ToList();
        var slices = PreprocessedLoader.Load(reader, items, 64, cache: null);

        using var batch = SliceTensors.Batch(slices, [2, 0], InputNormalization.ImageNet);

        Assert.Equal(new long[] { 2, 3, 64, 64 }, batch.shape);
        var values = batch.data<float>().ToArray();
        var norm = InputNormalization.ImageNet;
        for (var b = 0; b < 2; b++)
        {
            var source = slices.Slice(b == 0 ? 2 : 0);
            for (var c = 0; c < 3; c++)
                for (var p = 0; p < 64 * 64; p += 97)
                    Assert.Equal((source[p] - norm.Mean[c]) / norm.Std[c], values[(b * 3 + c) * 64 * 64 + p], 1e-5f);
        }
    }

    [Fact]
    public void Batch_subtracts_a_mean_image_per_pixel_and_channel()
    {
        var reader = DatasetReaders.ForFolder(TestPaths.Sample);
        var items = reader.Index(TestPaths.Sample).Items.Take(2).ToList();
        var slices = PreprocessedLoader.Load(reader, items, 16, cache: null);
        var meanImage = Enumerable.Range(0, 3 * 16 * 16).Select(i => i * 0.25f).ToArray();
        var norm = new InputNormalization("test", 255f, [1f, 2f, 3f], [2f, 4f, 8f], new MeanImage(16, meanImage));

        using var batch = SliceTensors.Batch(slices, [1], norm);

        Assert.Equal(new long[] { 1, 3, 16, 16 }, batch.shape);
        var values = batch.data<float>().ToArray();
        var source = slices.Slice(1);
        for (var c = 0; c < 3; c++)
            for (var p = 0; p < 16 * 16; p += 7)
                Assert.Equal((source[p] * 255f - norm.Mean[c] - meanImage[c * 256 + p]) / norm.Std[c], values[c * 256 + p], 1e-4f);
    }

    [Fact]
    public void Batch_refuses_slices_of_another_size_than_the_mean_image()
    {
        var reader = DatasetReaders.ForFolder(TestPaths.Sample);
        var slices = PreprocessedLoader.Load(reader, reader.Index(TestPaths.Sample).Items.Take(1).ToList(), 16, cache: null);
        var norm = new InputNormalization("cntk", 255f, [0f, 0f, 0f], [1f, 1f, 1f], new MeanImage(8, new float[3 * 8 * 8]));

        var error = Assert.Throws<ArgumentException>(() => SliceTensors.Batch(slices, [0], norm));

        Assert.Contains("8x8 mean image; preprocess the slices at 8, not 16", error.Message);
    }
}
