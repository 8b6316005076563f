using BrainTumor.Imaging.Preprocessing;
using BrainTumor.Imaging.Reading;
using BrainTumor.Imaging.Storage;
using BrainTumor.Testing;

namespace BrainTumor.Imaging.Tests;

public class PreprocessingTests
{
    [Fact]
    public void Min_max_normalises_each_image_to_0_1()
    {
        var slice = new SliceImage(3, 2, [100, 150, 200, 300, 250, 100]);
        var output = SlicePreprocessor.Process(slice, 8);
        Assert.Equal(64, output.Length);
        Assert.InRange(output.Min(), 0f, 0.05f);
        Assert.InRange(output.Max(), 0.95f, 1f);

        var same = SlicePreprocessor.Process(new SliceImage(8, 8, Enumerable.Range(0, 64).Select(i => 10f + 2 * i).ToArray()), 8);
        for (var i = 0; i < 64; i++)
            Assert.Equal(i / 63f, same[i], 5);
    }

    [Fact]
    public void Resizing_keeps_the_picture_in_place()
    {
        // Left half dark, right half bright, 512 wide: after resizing to 224 the left quarter
        // must be 0 and the right quarter 1 (no flips, no transposes, no shifts).
        var pixels = new float[512 * 512];
        for (var y = 0; y < 512; y++)
            for (var x = 256; x < 512; x++)
                pixels[y * 512 + x] = 1000;
        var output = SlicePreprocessor.Process(new SliceImage(512, 512, pixels), 224);
        for (var y = 0; y < 224; y += 17)
        {
            Assert.Equal(0f, output[y * 224 + 50], 3);
            Assert.Equal(1f, output[y * 224 + 170], 3);
        }
        // And rows: top quarter vs bottom quarter of a vertical split.
        var rows = new float[512 * 256];
        for (var i = 128 * 512; i < rows.Length; i++) rows[i] = 7;
        var tall = SlicePreprocessor.Process(new SliceImage(512, 256, rows), 64);
        Assert.Equal(0f, tall[5 * 64 + 30], 3);
        Assert.Equal(1f, tall[60 * 64 + 30], 3);
    }

    [Fact]
    public void Constant_image_is_rejected_as_blank()
    {
        var e = Assert.Throws<ItemRejectedException>(() => SlicePreprocessor.Process(new SliceImage(4, 4, new float[16]), 8));
        Assert.Equal(RejectionReason.Blank, e.Reason);
    }

    [Fact]
    public void Cache_serves_the_second_load_with_identical_values()
    {
        var cacheDir = TestPaths.NewTempDirectory("cache");
        var cache = new PreprocessedSliceCache(cacheDir);
        var reader = DatasetReaders.ForFolder(TestPaths.Sample);
        var items = reader.Index(TestPaths.Sample).Items.Take(12).ToList();

        var first = PreprocessedLoader.Load(reader, items, 64, cache);
        var second = PreprocessedLoader.Load(reader, items, 64, cache);
        var uncached = PreprocessedLoader.Load(reader, items, 64, cache: null);

        Assert.Equal((0, 12), (first.CacheHits, first.CacheMisses));
        Assert.Equal((12, 0), (second.CacheHits, second.CacheMisses));
        Assert.Equal(first.Pixels, second.Pixels);
        Assert.Equal(uncached.Pixels, second.Pixels);
        Assert.Empty(Directory.EnumerateFiles(cacheDir, "*" + AtomicFile.PartialSuffix, SearchOption.AllDirectories));
        Assert.Equal(12, Directory.EnumerateFiles(Path.Combine(cacheDir, $"v{SlicePreprocessor.Version}", "64"), "*.f32", SearchOption.AllDirectories).Count());
    }

    [Fact]
    public void Cache_key_follows_content_and_size_and_damaged_entries_are_rebuilt()
    {
        var cache = new PreprocessedSliceCache(TestPaths.NewTempDirectory("cache-keys"));
        var root = TestPaths.NewTempDirectory("cache-data");
        Directory.CreateDirectory(Path.Combine(root, "glioma"));
        var file = Path.Combine(root, "glioma", "a.jpg");
        File.Copy(TestData.SampleJpeg("glioma"), file);
        var reader = DatasetReaders.ForFolder(root);
        var items = reader.Index(root).Items;

        var at32 = PreprocessedLoader.Load(reader, items, 32, cache);
        Assert.Equal(1, at32.CacheMisses);
        Assert.Equal(1, PreprocessedLoader.Load(reader, items, 48, cache).CacheMisses); // other size, other entry

        File.Copy(TestData.SampleJpeg("pituitary"), file, overwrite: true); // same name, new content
        var changed = PreprocessedLoader.Load(reader, items, 32, cache);
        Assert.Equal(1, changed.CacheMisses);
        Assert.NotEqual(at32.Pixels, changed.Pixels);

        var entry = cache.PathFor(PreprocessedLoader.ContentHash(file), 32);
        File.WriteAllBytes(entry, new byte[10]); // damaged entry
        var rebuilt = PreprocessedLoader.Load(reader, items, 32, cache);
        Assert.Equal((0, 1), (rebuilt.CacheHits, rebuilt.CacheMisses));
        Assert.Equal(changed.Pixels, rebuilt.Pixels);
        Assert.Equal(32 * 32 * sizeof(float), new FileInfo(entry).Length);
    }

    [Fact]
    public void A_bad_item_is_returned_as_rejected_and_the_rest_load()
    {
        var root = TestPaths.NewTempDirectory("preprocess-bad");
        Directory.CreateDirectory(Path.Combine(root, "glioma"));
        File.Copy(TestData.SampleJpeg("glioma"), Path.Combine(root, "glioma", "a.jpg"));
        File.WriteAllText(Path.Combine(root, "glioma", "b.jpg"), "not a picture");
        File.Copy(TestData.SampleJpeg("meningioma"), Path.Combine(root, "glioma", "c.jpg"));
        var reader = DatasetReaders.ForFolder(root);

        var slices = PreprocessedLoader.Load(reader, reader.Index(root).Items, 32, cache: null);

        Assert.Equal(["glioma/a.jpg", "glioma/c.jpg"], slices.Items.Select(i => i.Id));
        Assert.Equal(2 * 32 * 32, slices.Pixels.Length);
        Assert.Equal(RejectionReason.NotAnImage, Assert.Single(slices.Rejected).Reason);
        var alone = PreprocessedLoader.Load(reader, [slices.Items[1]], 32, cache: null);
        Assert.Equal(alone.Pixels, slices.Slice(1).ToArray());
    }
}
