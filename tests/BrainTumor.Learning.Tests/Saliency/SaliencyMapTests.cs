using BrainTumor.Protocol.Labels;
using BrainTumor.Imaging.Reading;
using BrainTumor.Learning.Saliency;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Tests.Saliency;

public class SaliencyMapTests
{
    [Fact]
    public void Peak_is_the_centre_of_the_largest_values_in_pixels_and_in_fractions_of_the_image()
    {
        var single = new SaliencyMap(4, [0, 0, 0, 0, 0, 0, 0, 0.9f, 0, 0.5f, 0, 0, 0, 0, 0, 0]);
        var tie = new SaliencyMap(4, [0, 0, 0, 0, 0, 0, 0, 0.9f, 0, 0.5f, 0.9f, 0, 0, 0, 0, 0]);

        Assert.Equal((1.0, 3.0), single.Peak());
        Assert.Equal((0.875, 0.375), single.PeakFraction());
        Assert.Equal((1.5, 2.5), tie.Peak());
        Assert.Equal((0.75, 0.5), tie.PeakFraction());
        Assert.Null(new SaliencyMap(2, new float[4]).Peak());
        Assert.Null(new SaliencyMap(2, new float[4]).PeakFraction());
    }

    [Fact]
    public void Mean_averages_pixel_by_pixel_and_refuses_mixed_sizes()
    {
        var mean = SaliencyMap.Mean([new SaliencyMap(2, [1, 0, 0.5f, 0]), new SaliencyMap(2, [0, 0, 0.5f, 1])]);

        Assert.Equal([0.5f, 0, 0.5f, 0.5f], mean.Values);
        Assert.Throws<ArgumentException>(() => SaliencyMap.Mean([new SaliencyMap(2, new float[4]), new SaliencyMap(1, new float[1])]));
        Assert.Contains("needs 9 values, got 4", Assert.Throws<ArgumentException>(() => new SaliencyMap(3, new float[4])).Message);
    }

    [Fact]
    public void From_batch_splits_maps_in_order()
    {
        using var maps = arange(8, dtype: ScalarType.Float32).reshape(2, 2, 2);

        var split = SaliencyMap.FromBatch(maps);

        Assert.Equal([0f, 1, 2, 3], split[0].Values);
        Assert.Equal([4f, 5, 6, 7], split[1].Values);
        using var notSquare = zeros(1, 2, 3);
        Assert.Throws<ArgumentException>(() => SaliencyMap.FromBatch(notSquare));
    }

    [Fact]
    public void Tumour_box_contains_its_edges_and_names_a_missing_column()
    {
        // Edges at x 0.25 and 0.75, y 0.375 and 0.625 (exact in binary).
        var item = Item(new() { ["bbox_xc"] = "0.5", ["bbox_yc"] = "0.5", ["bbox_w"] = "0.5", ["bbox_h"] = "0.25" });
        var box = TumourBox.Of(item);

        Assert.True(box.Contains(0.25, 0.375));
        Assert.True(box.Contains(0.75, 0.5));
        Assert.False(box.Contains(0.24, 0.5));
        Assert.False(box.Contains(0.5, 0.63));
        Assert.Equal(0.125, box.Area);
        var missing = Assert.Throws<InvalidDataException>(() => TumourBox.Of(Item(new() { ["bbox_xc"] = "0.5", ["bbox_yc"] = "0.5", ["bbox_w"] = "wide" })));
        Assert.StartsWith("glioma/1.jpg: manifest column 'bbox_w' is missing or not a fraction", missing.Message);
    }

    [Fact]
    public void Share_of_the_map_in_the_box_counts_the_pixels_whose_centre_is_inside()
    {
        // A 4x4 map; the box covers the pixel centres of columns 1-2 of row 1 (x 0.375 and 0.625, y 0.375).
        var box = new TumourBox(0.5, 0.375, 0.5, 0.25);
        var map = new SaliencyMap(4, [0, 0, 0, 0, 1, 2, 3, 0, 0, 0, 0, 4, 0, 0, 0, 0]);

        Assert.Equal(5.0 / 10, box.ShareOf(map));
        Assert.Equal(2.0 / 16, box.ShareOf(new SaliencyMap(4, [.. Enumerable.Repeat(0.5f, 16)])));
        Assert.Null(box.ShareOf(new SaliencyMap(4, new float[16])));
    }

    private static DatasetItem Item(Dictionary<string, string> attributes) =>
        new("glioma/1.jpg", "/data/glioma/1.jpg", TumorClass.Glioma, null, attributes);
}
