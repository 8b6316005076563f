using System.Runtime.InteropServices;
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
        var output = Unit(SlicePreprocessor.Process(slice, 8));
        Assert.Equal(64, output.Length);
        Assert.InRange(output.Min(), 0f, 0.05f);
        Assert.InRange(output.Max(), 0.95f, 1f);

        // 16-bit output: each value within half a step (0.5 / 65535) of the exact one.
        var same = Unit(SlicePreprocessor.Process(new SliceImage(8, 8, Enumerable.Range(0, 64).Select(i => 10f + 2 * i).ToArray()), 8));
        for (var i = 0; i < 64; i++)
            Assert.InRange(same[i], i / 63f - 0.5f / 65535, i / 63f + 0.5f / 65535);
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
        var output = Unit(SlicePreprocessor.Process(new SliceImage(512, 512, pixels), 224));
        for (var y = 0; y < 224; y += 17)
        {
            Assert.Equal(0f, output[y * 224 + 50], 3);
            Assert.Equal(1f, output[y * 224 + 170], 3);
        }
        // And rows: top quarter vs bottom quarter of a vertical split.
        var rows = new float[512 * 256];
        for (var i = 128 * 512; i < rows.Length; i++) rows[i] = 7;
        var tall = Unit(SlicePreprocessor.Process(new SliceImage(512, 256, rows), 64));
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
    public void Cache_serves_the_second_load_with_identical_values_from_one_mapped_file()
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
        Assert.Equal(first.Pixels.ToArray(), second.Pixels.ToArray());
        Assert.Equal(uncached.Pixels.ToArray(), second.Pixels.ToArray());
        Assert.Equal(12 * 64 * 64, second.Pixels.Length);
        // Served from the mapped file, not copied into an array.
        Assert.False(MemoryMarshal.TryGetArray(second.Pixels, out _));
        Assert.Empty(Directory.EnumerateFiles(cacheDir, "*" + AtomicFile.PartialSuffix, SearchOption.AllDirectories));
        var entry = Assert.Single(Directory.EnumerateFiles(Path.Combine(cacheDir, $"v{SlicePreprocessor.Version}", "64"), "*.slices", SearchOption.AllDirectories));
        Assert.Equal(cache.PathFor(items.Select(i => PreprocessedLoader.ContentHash(i.Path)).ToList(), 64), entry);
        Assert.Equal(EntryLength(12, 12, 64), new FileInfo(entry).Length);
    }

    [Fact]
    public void Slices_read_as_float_are_the_16_bit_values_over_65535()
    {
        var reader = DatasetReaders.ForFolder(TestPaths.Sample);
        var slices = PreprocessedLoader.Load(reader, reader.Index(TestPaths.Sample).Items.Take(2).ToList(), 32, cache: null);
        var raw = slices.Pixels.Span.Slice(32 * 32, 32 * 32).ToArray();
        Assert.Equal(raw.Select(v => v / 65535f), slices.Slice(1));
        Assert.True(raw.Distinct().Count() > 100, "the slice should have many distinct intensities");
    }

    [Fact]
    public void Cache_key_follows_content_order_and_size_and_damaged_entries_are_rebuilt()
    {
        var cache = new PreprocessedSliceCache(TestPaths.NewTempDirectory("cache-keys"));
        var root = TestPaths.NewTempDirectory("cache-data");
        Directory.CreateDirectory(Path.Combine(root, "glioma"));
        var file = Path.Combine(root, "glioma", "a.jpg");
        File.Copy(TestData.SampleJpeg("glioma"), file);
        File.Copy(TestData.SampleJpeg("meningioma"), Path.Combine(root, "glioma", "b.jpg"));
        var reader = DatasetReaders.ForFolder(root);
        var items = reader.Index(root).Items;

        var at32 = PreprocessedLoader.Load(reader, items, 32, cache);
        Assert.Equal(2, at32.CacheMisses);
        Assert.Equal(2, PreprocessedLoader.Load(reader, items, 48, cache).CacheMisses); // other size, other entry
        Assert.Equal(2, PreprocessedLoader.Load(reader, [items[1], items[0]], 32, cache).CacheMisses); // other order, other entry
        Assert.Equal(2, PreprocessedLoader.Load(reader, items, 32, cache).CacheHits);

        File.Copy(TestData.SampleJpeg("pituitary"), file, overwrite: true); // same name, new content
        var changed = PreprocessedLoader.Load(reader, items, 32, cache);
        Assert.Equal(2, changed.CacheMisses);
        Assert.NotEqual(at32.Pixels.ToArray(), changed.Pixels.ToArray());

        var entry = cache.PathFor(items.Select(i => PreprocessedLoader.ContentHash(i.Path)).ToList(), 32);
        var whole = File.ReadAllBytes(entry);
        var damaged = (byte[])whole.Clone();
        damaged[0] ^= 0xFF;
        foreach (var bad in new[] { new byte[10], whole[..^2], damaged }) // too short for a header, cut off, not an entry
        {
            File.WriteAllBytes(entry, bad);
            var rebuilt = PreprocessedLoader.Load(reader, items, 32, cache);
            Assert.Equal((0, 2), (rebuilt.CacheHits, rebuilt.CacheMisses));
            Assert.Equal(changed.Pixels.ToArray(), rebuilt.Pixels.ToArray());
            Assert.Equal(whole, File.ReadAllBytes(entry));
        }
    }

    [Fact]
    public void Cached_load_reports_rejected_items_again_and_is_rebuilt_when_one_now_loads()
    {
        var cache = new PreprocessedSliceCache(TestPaths.NewTempDirectory("cache-rejects"));
        var root = FolderWithABadImage("cache-rejects-data");
        var reader = DatasetReaders.ForFolder(root);
        var items = reader.Index(root).Items;

        var entry = cache.PathFor(items.Select(i => PreprocessedLoader.ContentHash(i.Path)).ToList(), 32);

        // A reader whose pixel limit refuses these 256x256 slices: every item rejected, the entry
        // stores none, and a second load reads the items again for their reasons.
        var strict = DatasetReaders.ForFolder(root, new ImagingLimits { MaxPixels = 100 * 100 });
        var refused = PreprocessedLoader.Load(strict, items, 32, cache);
        Assert.Equal(EntryLength(3, 0, 32), new FileInfo(entry).Length);
        var refusedAgain = PreprocessedLoader.Load(strict, items, 32, cache);
        Assert.Equal((0, 0, 0), (refusedAgain.Count, refusedAgain.CacheHits, refusedAgain.CacheMisses));
        Assert.Equal(refused.Rejected, refusedAgain.Rejected);
        Assert.Equal([RejectionReason.Oversized, RejectionReason.NotAnImage, RejectionReason.Oversized], refusedAgain.Rejected.Select(r => r.Reason));

        // The default reader loads a.jpg and c.jpg, which the entry says were rejected: it is rebuilt.
        var first = PreprocessedLoader.Load(reader, items, 32, cache);
        var second = PreprocessedLoader.Load(reader, items, 32, cache);

        Assert.Equal((0, 2), (first.CacheHits, first.CacheMisses));
        Assert.Equal((2, 0), (second.CacheHits, second.CacheMisses));
        Assert.Equal(["glioma/a.jpg", "glioma/c.jpg"], second.Items.Select(i => i.Id));
        Assert.Equal(first.Rejected, second.Rejected);
        Assert.Equal(RejectionReason.NotAnImage, Assert.Single(second.Rejected).Reason);
        Assert.Equal(first.Pixels.ToArray(), second.Pixels.ToArray());
        Assert.Equal(EntryLength(3, 2, 32), new FileInfo(entry).Length);
    }

    [Fact]
    public void A_bad_item_is_returned_as_rejected_and_the_rest_load()
    {
        var root = FolderWithABadImage("preprocess-bad");
        var reader = DatasetReaders.ForFolder(root);

        var slices = PreprocessedLoader.Load(reader, reader.Index(root).Items, 32, cache: null);

        Assert.Equal(["glioma/a.jpg", "glioma/c.jpg"], slices.Items.Select(i => i.Id));
        Assert.Equal(2 * 32 * 32, slices.Pixels.Length);
        Assert.Equal(RejectionReason.NotAnImage, Assert.Single(slices.Rejected).Reason);
        var alone = PreprocessedLoader.Load(reader, [slices.Items[1]], 32, cache: null);
        Assert.Equal(alone.Pixels.ToArray(), slices.Pixels[(32 * 32)..].ToArray());
    }

    /// <summary>glioma/a.jpg and glioma/c.jpg real slices, glioma/b.jpg not a picture.</summary>
    private static string FolderWithABadImage(string prefix)
    {
        var root = TestPaths.NewTempDirectory(prefix);
        Directory.CreateDirectory(Path.Combine(root, "glioma"));
        File.Copy(TestData.SampleJpeg("glioma"), Path.Combine(root, "glioma", "a.jpg"));
        File.WriteAllText(Path.Combine(root, "glioma", "b.jpg"), "not a picture");
        File.Copy(TestData.SampleJpeg("meningioma"), Path.Combine(root, "glioma", "c.jpg"));
        return root;
    }

    /// <summary>Header (magic, size, count, one byte per item, padded to 8) and the stored slices' 16-bit values.</summary>
    private static long EntryLength(int items, int stored, int size) => (8 + 8 + items + 7) / 8 * 8 + 2L * stored * size * size;

    private static float[] Unit(ushort[] values) => [.. values.Select(v => v / 65535f)];
}
