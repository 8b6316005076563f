using BrainTumor.Imaging.Reading;
using BrainTumor.Imaging.Validation;
using BrainTumor.Testing;

namespace BrainTumor.Imaging.Tests;

/// <summary>Symbolic links and manifest paths that lead out of a dataset folder are refused, never followed; links that stay inside are read.</summary>
public sealed class DatasetLinkTests
{
    private static ValidationReport Validate(string root)
    {
        var reader = DatasetReaders.ForFolder(root);
        return DatasetValidator.Validate(reader, reader.Index(root)).Report;
    }

    [Fact]
    public void Links_to_files_or_folders_outside_the_dataset_are_rejected_and_links_inside_are_read()
    {
        var outside = TestPaths.NewTempDirectory("outside");
        var secret = Path.Combine(outside, "secret.jpg");
        File.Copy(TestData.SampleJpeg("glioma"), secret);
        Directory.CreateDirectory(Path.Combine(outside, "pituitary"));
        File.Copy(TestData.SampleJpeg("pituitary"), Path.Combine(outside, "pituitary", "p.jpg"));
        var root = TestPaths.NewTempDirectory("linked");
        Directory.CreateDirectory(Path.Combine(root, "glioma"));
        Directory.CreateDirectory(Path.Combine(root, "meningioma"));
        File.Copy(TestData.SampleJpeg("meningioma"), Path.Combine(root, "meningioma", "m.jpg"));
        File.CreateSymbolicLink(Path.Combine(root, "glioma", "escape.jpg"), secret);
        File.CreateSymbolicLink(Path.Combine(root, "glioma", "relative.jpg"), Path.Combine("..", "..", Path.GetFileName(outside), "secret.jpg"));
        File.CreateSymbolicLink(Path.Combine(root, "glioma", "inside.jpg"), Path.Combine("..", "meningioma", "m.jpg"));
        Directory.CreateSymbolicLink(Path.Combine(root, "pituitary"), Path.Combine(outside, "pituitary"));

        var report = Validate(root);

        foreach (var id in new[] { "glioma/escape.jpg", "glioma/relative.jpg", "pituitary/p.jpg" })
        {
            var rejected = Assert.Single(report.Rejected, r => r.File == id);
            Assert.Equal(RejectionReason.OutsideDataset, rejected.Reason);
            Assert.Contains($"outside the dataset folder {root}", rejected.Detail);
        }
        Assert.Contains(DatasetPaths.Real(secret), Assert.Single(report.Rejected, r => r.File == "glioma/escape.jpg").Detail);
        Assert.Equal(3, report.Rejected.Count);
        Assert.Equal(new Dictionary<string, int> { ["meningioma"] = 1, ["glioma"] = 1, ["pituitary"] = 0 }, report.Classes); // inside.jpg is read
    }

    [Fact]
    public void A_mat_file_linked_from_outside_is_rejected()
    {
        var outside = TestPaths.NewTempDirectory("outside-mat");
        var fixture = Path.Combine(TestPaths.Fixtures, "figshare-mat", "1.mat");
        File.Copy(fixture, Path.Combine(outside, "9.mat"));
        var root = TestPaths.NewTempDirectory("linked-mat");
        File.Copy(fixture, Path.Combine(root, "1.mat"));
        File.CreateSymbolicLink(Path.Combine(root, "2.mat"), Path.Combine(outside, "9.mat"));

        var report = Validate(root);

        Assert.Equal(RejectionReason.OutsideDataset, Assert.Single(report.Rejected).Reason);
        Assert.Equal("2.mat", report.Rejected[0].File);
        Assert.Equal(1, report.Items);
    }

    [Theory]
    [InlineData("../outside.jpg")]
    [InlineData("glioma/../../outside.jpg")]
    [InlineData("/etc/passwd")]
    [InlineData("./glioma/a.png")]
    public void A_manifest_path_that_leaves_the_folder_is_refused_naming_the_line(string file)
    {
        var root = TestPaths.NewTempDirectory("escape-manifest");
        TestData.WritePng(Path.Combine(root, "glioma", "a.png"), 8, 8, (x, y) => (ushort)(x + y));
        File.WriteAllText(Path.Combine(root, "manifest.csv"), $"file,label\nglioma/a.png,glioma\n{file},glioma\n");

        var e = Assert.Throws<InvalidDataException>(() => DatasetReaders.ForFolder(root).Index(root));

        Assert.Equal($"{Path.Combine(root, "manifest.csv")}, line 3: file '{file}' is not inside the image folder; expected a path relative to it such as glioma/12.jpg, without '..', '.' or a leading '/'", e.Message);
    }
}
