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
    public void Cropping_to_the_brain_finds_the_head_and_ignores_a_stray_speck()
    {
        // A bright disc (the head, radius 100 about x 300, y 200) on faint noise, and one bright
        // pixel far from it: the window is the disc's box and a small margin, made square.
        var pixels = Head(out var speck);
        var (left, top, side) = BrainCrop.Window(Unit(pixels), 512, 512);
        Assert.InRange(side, 200, 230);
        Assert.InRange(left, 300 - side / 2 - 2, 300 - side / 2 + 2);
        Assert.InRange(top, 200 - side / 2 - 2, 200 - side / 2 + 2);
        Assert.True(speck.X < left && speck.Y < top);

        // The cropped slice is the disc filling the frame: its edges' midpoints are head, its
        // corners background; the whole frame resized shows the disc small and off-centre.
        var slice = new SliceImage(512, 512, pixels);
        var cropped = Unit(SlicePreprocessor.Process(slice, new SlicePreparation(64, CropToBrain: true)));
        var whole = Unit(SlicePreprocessor.Process(slice, 64));
        Assert.True(cropped[32 * 64 + 4] > 0.9f && cropped[4 * 64 + 32] > 0.9f && cropped[32 * 64 + 59] > 0.9f && cropped[59 * 64 + 32] > 0.9f);
        Assert.True(cropped[1 * 64 + 1] < 0.05f && cropped[62 * 64 + 62] < 0.05f);
        Assert.True(whole[32 * 64 + 4] < 0.05f);
        Assert.True(cropped.Count(v => v > 0.5f) > 2.5 * whole.Count(v => v > 0.5f));
    }

    [Fact]
    public void A_slice_with_no_foreground_line_keeps_its_whole_frame()
    {
        // Only isolated specks: no row or column reaches the line share, so nothing is cropped.
        var pixels = new float[100 * 100];
        pixels[10 * 100 + 10] = 1;
        pixels[70 * 100 + 40] = 1;
        Assert.Equal((0, 0, 100), BrainCrop.Window(pixels, 100, 100));
        var slice = new SliceImage(100, 100, pixels);
        Assert.Equal(SlicePreprocessor.Process(slice, 32), SlicePreprocessor.Process(slice, new SlicePreparation(32, CropToBrain: true)));
    }

    [Fact]
    public void A_window_past_the_edge_of_a_wide_slice_reads_background_there()
    {
        // A 200 x 80 slice, bright everywhere: the head's box is the whole slice, wider than tall,
        // so the square window (200 wide) reaches 60 rows past the top and bottom, which read 0.
        var slice = new SliceImage(200, 80, Enumerable.Repeat(5f, 200 * 80).Select((v, i) => i == 0 ? 0f : v).ToArray());
        var (left, top, side) = BrainCrop.Window(Unit(slice.Pixels), 200, 80);
        Assert.Equal((0, -60, 200), (left, top, side));
        var cropped = Unit(SlicePreprocessor.Process(slice, new SlicePreparation(50, CropToBrain: true)));
        Assert.True(cropped[2 * 50 + 25] < 0.01f && cropped[47 * 50 + 25] < 0.01f);
        Assert.True(cropped[25 * 50 + 25] > 0.99f);
    }

    [Fact]
    public void Percentile_scaling_maps_the_99_5th_percentile_to_1_and_clips_brighter_pixels()
    {
        // 32 x 32 (no resize): a ramp 0, 0.1, ... 101.8 over 1019 pixels, and 5 outliers (0.49%) at 10000.
        var values = Enumerable.Range(0, 1024).Select(i => i < 1019 ? i / 10f : 10000f).ToArray();
        var slice = new SliceImage(32, 32, values);
        var minMax = Unit(SlicePreprocessor.Process(slice, 32));
        var percentile = Unit(SlicePreprocessor.Process(slice, new SlicePreparation(32, Scaling: IntensityScaling.Percentile)));
        for (var i = 0; i < 1024; i++)
        {
            // Min-max squeezes the ramp under 0.011 of the scale; the percentile spreads it over [0, 1].
            Assert.Equal(i < 1019 ? i / 10f / 10000f : 1f, minMax[i], 1e-4f);
            Assert.Equal(i < 1019 ? i / 1018f : 1f, percentile[i], 1e-4f);
        }
    }

    [Fact]
    public void Each_preparation_has_its_own_cache_entry_and_the_plain_one_keeps_its_address()
    {
        var cacheDir = TestPaths.NewTempDirectory("cache-prep");
        var cache = new PreprocessedSliceCache(cacheDir);
        var reader = DatasetReaders.ForFolder(TestPaths.Sample);
        var items = reader.Index(TestPaths.Sample).Items.Take(4).ToList();
        var hashes = items.Select(i => PreprocessedLoader.ContentHash(i.Path)).ToList();
        SlicePreparation[] preparations = [new(48), new(48, CropToBrain: true), new(48, Scaling: IntensityScaling.Percentile), new(48, true, IntensityScaling.Percentile)];

        var loads = preparations.Select(p => PreprocessedLoader.Load(reader, items, p, cache).Pixels.ToArray()).ToList();
        var again = preparations.Select(p => PreprocessedLoader.Load(reader, items, p, cache)).ToList();

        Assert.Equal(["48", "48-brain", "48-p99.5", "48-brain-p99.5"], preparations.Select(p => p.Key));
        Assert.Equal(Path.Combine(cacheDir, $"v{SlicePreprocessor.Version}", "48"), Path.GetDirectoryName(cache.PathFor(hashes, 48)));
        Assert.All(again, a => Assert.Equal((4, 0), (a.CacheHits, a.CacheMisses)));
        for (var i = 0; i < preparations.Length; i++)
        {
            Assert.Equal(loads[i], again[i].Pixels.ToArray());
            Assert.Equal(loads[i], PreprocessedLoader.Load(reader, items, preparations[i], cache: null).Pixels.ToArray());
            for (var j = 0; j < i; j++)
                Assert.NotEqual(loads[j], loads[i]);
        }
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

    /// <summary>Values min-max scaled to [0, 1], as <see cref="BrainCrop.Window"/> reads them.</summary>
    private static float[] Unit(float[] values)
    {
        var (min, max) = (values.Min(), values.Max());
        return [.. values.Select(v => (v - min) / (max - min))];
    }

    /// <summary>A 512 x 512 slice: faint noise (0-20), a disc of 1000 (radius 100 about x 300, y 200), and one bright speck.</summary>
    private static float[] Head(out (int X, int Y) speck)
    {
        var random = new Random(3);
        var pixels = new float[512 * 512];
        for (var y = 0; y < 512; y++)
            for (var x = 0; x < 512; x++)
                pixels[y * 512 + x] = (x - 300) * (x - 300) + (y - 200) * (y - 200) <= 100 * 100 ? 1000 : random.Next(21);
        speck = (20, 30);
        pixels[speck.Y * 512 + speck.X] = 1000;
        return pixels;
    }
}
