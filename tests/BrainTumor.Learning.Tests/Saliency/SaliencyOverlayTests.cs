using BrainTumor.Learning.Saliency;
using BrainTumor.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace BrainTumor.Learning.Tests.Saliency;

public class SaliencyOverlayTests
{
    [Fact]
    public void Jet_runs_from_dark_blue_through_green_to_dark_red()
    {
        Assert.Equal((0f, 0f, 0.5f), HeatColours.Jet(0));
        Assert.Equal((0f, 1f, 1f), HeatColours.Jet(0.375f));
        Assert.Equal((0.5f, 1f, 0.5f), HeatColours.Jet(0.5f));
        Assert.Equal((0.5f, 0f, 0f), HeatColours.Jet(1));
        Assert.Equal(HeatColours.Jet(1), HeatColours.Jet(3));
    }

    [Fact]
    public void Png_keeps_the_slice_grey_where_the_map_is_zero_and_tints_it_where_salient()
    {
        var path = Path.Combine(TestPaths.NewTempDirectory("overlay"), "sub", "slice.png");
        float[] slice = [0.2f, 0.2f, 1f, 0f];
        var map = new SaliencyMap(2, [0, 1, 0.5f, 0]);

        SaliencyOverlay.WritePng(path, slice, map);

        using var image = Image.Load<Rgb24>(path);
        Assert.Equal((2, 2), (image.Width, image.Height));
        Assert.Equal(new Rgb24(51, 51, 51), image[0, 0]);
        Assert.Equal(new Rgb24(0, 0, 0), image[1, 1]);
        // 0.4 of the grey 0.2 plus 0.6 of jet(1) = (0.5, 0, 0)
        Assert.Equal(new Rgb24(97, 20, 20), image[1, 0]);
        // 0.7 of white plus 0.3 of jet(0.5) = (0.5, 1, 0.5)
        Assert.Equal(new Rgb24(217, 255, 217), image[0, 1]);
        Assert.Contains("slice of 3 pixels for a 2x2 map", Assert.Throws<ArgumentException>(() => SaliencyOverlay.Render([0, 0, 0], map)).Message);
    }
}
