using BrainTumor.Protocol.Labels;
using BrainTumor.Imaging.Reading;
using BrainTumor.Testing;

namespace BrainTumor.Imaging.Tests;

public class FigshareMatReaderTests
{
    private static readonly string Folder = Path.Combine(TestPaths.Fixtures, "figshare-mat");

    // Expected values were read independently with h5py (numpy array transposed to rows x columns).
    [Theory]
    [InlineData("1.mat", TumorClass.Meningioma, "100000", 512, 329, 45, 39539708L, 17, 1037)]
    [InlineData("1010.mat", TumorClass.Pituitary, "100050", 256, 241, 265, 11671180L, 17, 901)]
    [InlineData("1841.mat", TumorClass.Glioma, "100092", 512, 349, 349, 32000320L, 17, 1037)]
    public void Reads_label_pid_shape_and_pixels_in_row_major_order(
        string file, TumorClass label, string pid, int size, int at100x200, int at200x100, long sum, int min, int max)
    {
        var reader = new FigshareMatReader(ImagingLimits.Default);
        var index = reader.Index(Folder);
        var item = Assert.Single(index.Items, i => i.Id == file);
        Assert.Equal(label, item.Label);
        Assert.Equal(pid, item.Group);
        Assert.Equal(pid, item.Attributes[AttributeNames.Pid]);

        var image = reader.ReadPixels(item);
        Assert.Equal(size, image.Width);
        Assert.Equal(size, image.Height);
        Assert.Equal(at100x200, image[100, 200]);
        Assert.Equal(at200x100, image[200, 100]);
        Assert.Equal(sum, image.Pixels.Sum(v => (long)v));
        Assert.Equal(((float)min, (float)max), image.IntensityRange());
    }

    [Fact]
    public void Cvind_beside_the_slices_is_the_fold_index_not_a_slice()
    {
        var index = new FigshareMatReader(ImagingLimits.Default).Index(Folder);
        Assert.Equal(["1.mat", "1010.mat", "1841.mat"], index.Items.Select(i => i.Id));
        Assert.Empty(index.Rejected);
        Assert.Equal([AttributeNames.Cvind], index.FoldAttributes);
        // cvind.mat values for slices 1, 1010 and 1841 (h5py: cvind[0, i-1]).
        Assert.Equal(["3", "3", "1"], index.Items.Select(i => i.Attributes[AttributeNames.Cvind]));
        Assert.Equal([1, 1010, 1841], index.Items.Select(i => i.FigshareIndex!.Value));
    }

    // What the 12 shared samples hold, read independently with h5py (python3-h5py):
    //   f = h5py.File(path)['cjdata']; int(f['label'][0, 0]), ''.join(map(chr, f['PID'][:, 0])), f['image'].shape
    private static readonly (string File, TumorClass Label, string Pid, int Size)[] SharedSamples =
    [
        ("1.mat", TumorClass.Meningioma, "100000", 512), ("10.mat", TumorClass.Meningioma, "100000", 512),
        ("11.mat", TumorClass.Meningioma, "100000", 512), ("111.mat", TumorClass.Meningioma, "100005", 256),
        ("1000.mat", TumorClass.Pituitary, "100050", 512), ("1001.mat", TumorClass.Pituitary, "100050", 512),
        ("1002.mat", TumorClass.Pituitary, "100050", 512), ("1010.mat", TumorClass.Pituitary, "100050", 256),
        ("1841.mat", TumorClass.Glioma, "100092", 512), ("1842.mat", TumorClass.Glioma, "100092", 512),
        ("1843.mat", TumorClass.Glioma, "100092", 512), ("1844.mat", TumorClass.Glioma, "100092", 256),
    ];

    [SkippableFact]
    public void Shared_samples_each_read_with_the_label_pid_and_size_the_file_holds()
    {
        var samples = TestPaths.RequireShared("cemri", "mat-samples");
        var reader = new FigshareMatReader(ImagingLimits.Default);
        var index = reader.Index(samples);
        Assert.Empty(index.Rejected);
        var read = index.Items.Select(i =>
        {
            var image = reader.ReadPixels(i);
            Assert.Equal(image.Width, image.Height);
            return (i.Id, i.Label, i.Group, image.Width);
        });
        Assert.Equal(SharedSamples.Select(s => (s.File, s.Label, (string?)s.Pid, s.Size)).OrderBy(s => s.File, StringComparer.Ordinal),
            read.OrderBy(s => s.Id, StringComparer.Ordinal));
    }

    [SkippableFact]
    public void Pixels_match_the_jpeg_rendering_of_the_same_slice_in_orientation()
    {
        var jpegs = TestPaths.RequireShared("cemri", "images");
        var samples = TestPaths.RequireShared("cemri", "mat-samples");
        var matReader = new FigshareMatReader(ImagingLimits.Default);
        var imageReader = new ImageFolderReader(ImagingLimits.Default);
        var index = matReader.Index(samples);
        Assert.Equal(12, index.Items.Count);
        var compared = 0;
        foreach (var item in index.Items)
        {
            var jpeg = Path.Combine(jpegs, LabelMap.Name(item.Label), $"{item.FigshareIndex}.jpg");
            if (!File.Exists(jpeg)) continue;
            var mat = matReader.ReadPixels(item);
            var rendered = imageReader.ReadPixels(item with { Path = jpeg });
            if (rendered.Width != mat.Width) continue;
            var transposed = new SliceImage(mat.Width, mat.Height,
                Enumerable.Range(0, mat.Pixels.Length).Select(i => mat[i % mat.Width, i / mat.Width]).ToArray());
            var straight = Correlation(mat.Pixels, rendered.Pixels);
            Assert.True(straight > 0.9, $"{item.Id}: correlation with its JPEG is {straight:F3}");
            Assert.True(straight > Correlation(transposed.Pixels, rendered.Pixels) + 0.1, $"{item.Id}: transposed fits as well");
            compared++;
        }
        Assert.True(compared >= 6, $"only {compared} slices had a JPEG of the same size to compare with");
    }

    private static double Correlation(float[] a, float[] b)
    {
        double ma = a.Average(), mb = b.Average(), sab = 0, saa = 0, sbb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.Sqrt(saa * sbb);
    }
}
