using BrainTumor.Imaging.Reading;
using BrainTumor.Imaging.Validation;
using BrainTumor.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace BrainTumor.Imaging.Tests;

public class DatasetValidatorTests
{
    private static ValidationReport Validate(string root, ImagingLimits? limits = null)
    {
        var reader = DatasetReaders.ForFolder(root, limits);
        return DatasetValidator.Validate(reader, reader.Index(root)).Report;
    }

    private static RejectionReason ReasonOf(ValidationReport report, string file) =>
        Assert.Single(report.Rejected, r => r.File == file).Reason;

    [Fact]
    public void Image_folder_with_bad_files_reports_each_with_its_reason_and_keeps_the_rest()
    {
        var root = TestPaths.NewTempDirectory("bad-images");
        var good = TestData.SampleJpeg("glioma");
        var bytes = File.ReadAllBytes(good);
        Directory.CreateDirectory(Path.Combine(root, "glioma_tumor"));
        Directory.CreateDirectory(Path.Combine(root, "meningioma"));
        Directory.CreateDirectory(Path.Combine(root, "no_tumor"));
        File.Copy(good, Path.Combine(root, "glioma_tumor", "good.jpg"));
        File.Copy(TestData.SampleJpeg("meningioma"), Path.Combine(root, "meningioma", "good.jpg"));
        File.Copy(good, Path.Combine(root, "meningioma", "copy-of-glioma.jpg"));
        File.WriteAllBytes(Path.Combine(root, "glioma_tumor", "empty.jpg"), []);
        File.WriteAllBytes(Path.Combine(root, "glioma_tumor", "truncated.jpg"), bytes[..(bytes.Length / 2)]);
        File.WriteAllText(Path.Combine(root, "glioma_tumor", "text.jpg"), "this is not a picture\n");
        File.WriteAllText(Path.Combine(root, "glioma_tumor", "notes.txt"), "a note\n");
        var corrupt = (byte[])bytes.Clone();
        Array.Fill(corrupt, (byte)0xFF, 20, 600); // wipe the tables after the SOI marker, keep EOI
        File.WriteAllBytes(Path.Combine(root, "glioma_tumor", "corrupt.jpg"), corrupt);
        TestData.WritePng(Path.Combine(root, "glioma_tumor", "blank.png"), 64, 64, (_, _) => 1234);
        TestData.WritePngHeaderOnly(Path.Combine(root, "glioma_tumor", "huge.png"), 60000, 60000);
        TestData.WritePng(Path.Combine(root, "glioma_tumor", "cut.png"), 64, 64, (x, y) => (ushort)(x * y));
        var png = File.ReadAllBytes(Path.Combine(root, "glioma_tumor", "cut.png"));
        File.WriteAllBytes(Path.Combine(root, "glioma_tumor", "cut.png"), png[..(png.Length - 20)]);
        File.Copy(good, Path.Combine(root, "no_tumor", "x.jpg"));

        var report = Validate(root);

        Assert.Equal(3, report.Items);
        Assert.Equal(new Dictionary<string, int> { ["meningioma"] = 2, ["glioma"] = 1, ["pituitary"] = 0 }, report.Classes);
        Assert.Equal(RejectionReason.Empty, ReasonOf(report, "glioma_tumor/empty.jpg"));
        Assert.Equal(RejectionReason.Truncated, ReasonOf(report, "glioma_tumor/truncated.jpg"));
        Assert.Equal(RejectionReason.Truncated, ReasonOf(report, "glioma_tumor/cut.png"));
        Assert.Equal(RejectionReason.NotAnImage, ReasonOf(report, "glioma_tumor/text.jpg"));
        Assert.Equal(RejectionReason.NotAnImage, ReasonOf(report, "glioma_tumor/notes.txt"));
        Assert.Equal(RejectionReason.Unreadable, ReasonOf(report, "glioma_tumor/corrupt.jpg"));
        Assert.Equal(RejectionReason.Blank, ReasonOf(report, "glioma_tumor/blank.png"));
        Assert.Equal(RejectionReason.Oversized, ReasonOf(report, "glioma_tumor/huge.png"));
        Assert.Equal(RejectionReason.UnknownLabel, ReasonOf(report, "no_tumor/x.jpg"));
        Assert.Contains("no_tumor", Assert.Single(report.Rejected, r => r.File == "no_tumor/x.jpg").Detail);
        Assert.Contains("60000x60000", Assert.Single(report.Rejected, r => r.File == "glioma_tumor/huge.png").Detail);
        Assert.Equal(9, report.Rejected.Count);

        var duplicate = Assert.Single(report.Duplicates);
        Assert.Equal(["glioma_tumor/good.jpg", "meningioma/copy-of-glioma.jpg"], duplicate.Files.Order(StringComparer.Ordinal));
        Assert.Null(report.GroupSource);
        Assert.Equal(3, report.Ungrouped);
    }

    [Fact]
    public void Same_pixels_in_different_files_are_duplicates_and_one_changed_pixel_is_not()
    {
        var root = TestPaths.NewTempDirectory("duplicates");
        var jpeg = TestData.SampleJpeg("glioma");
        File.Copy(jpeg, Path.Combine(Directory.CreateDirectory(Path.Combine(root, "glioma")).FullName, "slice.jpg"));
        using var decoded = Image.Load<L8>(jpeg);
        // The JPEG's pixels as lossless PNGs: one fast, one small with a text chunk, so every file's bytes differ.
        TestData.SavePng(decoded, Path.Combine(root, "glioma", "slice-fast.png"), PngCompressionLevel.BestSpeed);
        decoded.Metadata.GetPngMetadata().TextData.Add(new PngTextData("Comment", "re-encoded copy", "", ""));
        TestData.SavePng(decoded, Path.Combine(root, "meningioma", "slice-small.png"), PngCompressionLevel.BestCompression);
        decoded[100, 120] = new L8((byte)(decoded[100, 120].PackedValue ^ 1));
        TestData.SavePng(decoded, Path.Combine(root, "pituitary", "one-pixel-changed.png"), PngCompressionLevel.BestCompression);
        var fileHashes = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));
        Assert.Equal(4, fileHashes.Distinct().Count());

        var report = Validate(root);

        Assert.Equal(4, report.Items);
        Assert.Empty(report.Rejected);
        var duplicate = Assert.Single(report.Duplicates);
        Assert.Equal(["glioma/slice-fast.png", "glioma/slice.jpg", "meningioma/slice-small.png"], duplicate.Files.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Limits_from_configuration_reject_files_and_pixels_over_the_bound()
    {
        var root = TestPaths.NewTempDirectory("limits");
        Directory.CreateDirectory(Path.Combine(root, "pituitary"));
        File.Copy(TestData.SampleJpeg("pituitary"), Path.Combine(root, "pituitary", "a.jpg"));
        TestData.WritePng(Path.Combine(root, "pituitary", "small.png"), 32, 32, (x, y) => (ushort)(x + y));

        var byPixels = Validate(root, new ImagingLimits { MaxPixels = 100 * 100 });
        Assert.Equal(RejectionReason.Oversized, ReasonOf(byPixels, "pituitary/a.jpg"));
        Assert.Equal(1, byPixels.Items);

        var byBytes = Validate(root, new ImagingLimits { MaxFileBytes = 1000 });
        Assert.Equal(RejectionReason.Oversized, ReasonOf(byBytes, "pituitary/a.jpg"));
    }

    [Fact]
    public void Manifest_groups_label_conflicts_and_missing_files()
    {
        var root = TestPaths.NewTempDirectory("manifest");
        foreach (var (cls, name) in new[] { ("glioma", "a.jpg"), ("glioma", "b.jpg"), ("meningioma", "c.jpg"), ("pituitary", "d.jpg") })
        {
            Directory.CreateDirectory(Path.Combine(root, "images", cls));
            TestData.WritePng(Path.Combine(root, "images", cls, name), 16, 16, (x, y) => (ushort)(x * 100 + y + name[0]));
        }
        File.WriteAllText(Path.Combine(root, "manifest.csv"),
            "file,label,patient_id,cheng_fold\n" +
            "glioma/a.jpg,glioma,P1,1\n" +
            "glioma/b.jpg,pituitary,P2,2\n" +
            "meningioma/c.jpg,meningioma,P1,1\n" +
            "pituitary/gone.jpg,pituitary,P3,3\n");

        var report = Validate(root);

        Assert.Equal("manifest:patient_id", report.GroupSource);
        Assert.Equal(["cheng_fold"], report.FoldSources);
        Assert.Equal(3, report.Items);
        Assert.Equal(1, report.Groups);
        Assert.Equal(1, report.Ungrouped); // pituitary/d.jpg is not in the manifest
        Assert.Equal(RejectionReason.LabelConflict, ReasonOf(report, "glioma/b.jpg"));
        Assert.Equal(RejectionReason.MissingFile, ReasonOf(report, "pituitary/gone.jpg"));
    }

    [Fact]
    public void Manifest_without_file_column_is_an_error_naming_the_file()
    {
        var root = TestPaths.NewTempDirectory("bad-manifest");
        TestData.WritePng(Path.Combine(root, "glioma", "a.png"), 8, 8, (x, y) => (ushort)(x + y));
        File.WriteAllText(Path.Combine(root, "manifest.csv"), "path,label\nglioma/a.png,glioma\n");
        var e = Assert.Throws<InvalidDataException>(() => DatasetReaders.ForFolder(root).Index(root));
        Assert.Contains("manifest.csv", e.Message);
        Assert.Contains("'file' column", e.Message);
    }

    [Fact]
    public void Mat_folder_with_bad_files_reports_each_with_its_reason()
    {
        var root = TestPaths.NewTempDirectory("bad-mat");
        var fixture = Path.Combine(TestPaths.Fixtures, "figshare-mat", "1.mat");
        File.Copy(fixture, Path.Combine(root, "1.mat"));
        var bytes = File.ReadAllBytes(fixture);
        File.WriteAllBytes(Path.Combine(root, "2.mat"), bytes[..(bytes.Length * 2 / 3)]);
        TestData.WriteMat(Path.Combine(root, "3.mat"), 2, "P3", TestData.Ramp(8, 12), omit: "tumorMask");
        TestData.WriteMat(Path.Combine(root, "4.mat"), 4, "P4", TestData.Ramp(8, 12));
        TestData.WriteMat(Path.Combine(root, "5.mat"), 3, "P5", TestData.Ramp(8, 12));
        File.WriteAllText(Path.Combine(root, "6.mat"), "MATLAB 5.0 MAT-file, not version 7.3");
        File.WriteAllBytes(Path.Combine(root, "7.mat"), []);
        TestData.WriteMat(Path.Combine(root, "8.mat"), 1, "P8", new short[8, 12]);

        var report = Validate(root);

        Assert.Equal(RejectionReason.Truncated, ReasonOf(report, "2.mat"));
        Assert.Equal(RejectionReason.MissingField, ReasonOf(report, "3.mat"));
        Assert.Contains("/cjdata/tumorMask", Assert.Single(report.Rejected, r => r.File == "3.mat").Detail);
        Assert.Equal(RejectionReason.UnknownLabel, ReasonOf(report, "4.mat"));
        Assert.Equal(RejectionReason.Unreadable, ReasonOf(report, "6.mat"));
        Assert.Equal(RejectionReason.Empty, ReasonOf(report, "7.mat"));
        Assert.Equal(RejectionReason.Blank, ReasonOf(report, "8.mat"));
        Assert.Equal(2, report.Items);
        Assert.Equal(new Dictionary<string, int> { ["100000"] = 1, ["P5"] = 1 }, report.GroupSizes);
    }

    [Fact]
    public void Written_mat_round_trips_column_major_storage()
    {
        var root = TestPaths.NewTempDirectory("mat-roundtrip");
        var image = TestData.Ramp(8, 12);
        TestData.WriteMat(Path.Combine(root, "5.mat"), 3, "P5", image);
        var reader = new FigshareMatReader(ImagingLimits.Default);
        var slice = reader.ReadPixels(Assert.Single(reader.Index(root).Items));
        Assert.Equal((12, 8), (slice.Width, slice.Height));
        for (var r = 0; r < 8; r++)
            for (var c = 0; c < 12; c++)
                Assert.Equal(image[r, c], slice[r, c]);
    }

    [Fact]
    public void Folder_detection_names_the_path_and_the_expected_layouts()
    {
        var empty = TestPaths.NewTempDirectory("empty");
        var e = Assert.Throws<InvalidDataException>(() => DatasetReaders.ForFolder(empty));
        Assert.Contains(empty, e.Message);
        Assert.Contains("<N>.mat", e.Message);
        Assert.Contains("<class>/<file>.jpg", e.Message);
        var missing = Path.Combine(empty, "nope");
        Assert.Contains(missing, Assert.Throws<DirectoryNotFoundException>(() => DatasetReaders.ForFolder(missing)).Message);
    }

    [Fact]
    public void Shipped_sample_is_300_clean_slices_in_5_cheng_folds()
    {
        var report = Validate(TestPaths.Sample);
        Assert.Equal("image-folder", report.Format);
        Assert.Equal(300, report.Items);
        Assert.Equal(new Dictionary<string, int> { ["meningioma"] = 100, ["glioma"] = 100, ["pituitary"] = 100 }, report.Classes);
        Assert.Equal(5, report.Groups);
        Assert.Equal("manifest:cheng_fold", report.GroupSource);
        Assert.All(report.GroupSizes.Values, n => Assert.Equal(60, n));
        Assert.Empty(report.Rejected);
        Assert.Empty(report.Duplicates);
    }

    [SkippableFact]
    public void Development_data_indexes_1787_slices()
    {
        var root = TestPaths.RequireShared("cemri");
        var report = Validate(root);
        Assert.Equal(1787, report.Items);
        Assert.Equal(new Dictionary<string, int> { ["meningioma"] = 425, ["glioma"] = 800, ["pituitary"] = 562 }, report.Classes);
        Assert.Equal(new Dictionary<string, int> { ["cheng_fold:1"] = 570, ["cheng_fold:2"] = 655, ["cheng_fold:3"] = 562 }, report.GroupSizes);
        Assert.Empty(report.Rejected);
    }
}
