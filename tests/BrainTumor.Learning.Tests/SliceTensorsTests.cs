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
                    Assert.Equal((source[p] - norm.Mean[c]) / norm.Std[c], values[(b * 3 + c) * 64 * 64 + p], 5);
        }
    }
}
