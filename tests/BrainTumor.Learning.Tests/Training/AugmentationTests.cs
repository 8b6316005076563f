using BrainTumor.Learning.Data;
using BrainTumor.Learning.Training;
using BrainTumor.Testing;
using static TorchSharp.torch;
using BrainTumor.Protocol.Runs;

namespace BrainTumor.Learning.Tests.Training;

[Collection(SeededTorchCollection.Name)]
public class AugmentationTests
{
    private static readonly Augmentation Everything = new() { Flip = true, RotateDegrees = 15, Scale = 0.1, Translate = 0.05, Intensity = 0.2, Noise = 0.02 };

    // A 4x4 slice whose value is its pixel's number / 16: every move shows.
    private static Tensor Ramp() => arange(16, dtype: ScalarType.Float32).reshape(1, 1, 4, 4) / 16;

    private static float[,] Pixels(Tensor t)
    {
        var values = t.reshape(-1).data<float>().ToArray();
        var side = (int)Math.Sqrt(values.Length);
        var grid = new float[side, side];
        for (var i = 0; i < values.Length; i++)
            grid[i / side, i % side] = values[i];
        return grid;
    }

    [Fact]
    public void A_quarter_turn_moves_every_pixel_where_rot90_puts_it()
    {
        using var ramp = Ramp();
        using var turned = GreyAugmenter.Apply(ramp, [AugmentationDraw.Identity with { Radians = Math.PI / 2 }]);
        using var expected = ramp.rot90(1, (2, 3));
        Assert.True(turned.allclose(expected, rtol: 0, atol: 1e-5), $"got {string.Join(" ", turned.reshape(-1).data<float>().ToArray())}");
    }

    [Fact]
    public void A_shift_of_a_quarter_moves_the_slice_one_pixel_of_four_and_fills_with_background()
    {
        using var ramp = Ramp();
        using var shifted = GreyAugmenter.Apply(ramp, [AugmentationDraw.Identity with { ShiftX = 0.25 }]);
        var pixels = Pixels(shifted);
        var source = Pixels(ramp);
        // Output column x samples input column x + a quarter of the side: one pixel of four.
        for (var y = 0; y < 4; y++)
        {
            for (var x = 0; x < 3; x++)
                Assert.Equal(source[y, x + 1], pixels[y, x], 5);
            Assert.Equal(0f, pixels[y, 3], 5);
        }
    }

    [Fact]
    public void Gamma_contrast_and_brightness_act_on_the_grey_values_in_that_order()
    {
        using var grey = full(1, 1, 2, 2, 0.5f).contiguous();
        grey[0, 0, 0, 0] = tensor(0.9f);
        using var changed = GreyAugmenter.Apply(grey, [AugmentationDraw.Identity with { Gamma = 2, Contrast = 0.5, Brightness = 0.1 }]);
        // Gamma: 0.81, 0.25, 0.25, 0.25 (mean 0.39); contrast 0.5 about the mean, then +0.1.
        float Expected(double g) => (float)((g - 0.39) * 0.5 + 0.39 + 0.1);
        Assert.Equal(new[] { Expected(0.81), Expected(0.25), Expected(0.25), Expected(0.25) }, changed.reshape(-1).data<float>().ToArray(), new FloatTolerance(1e-6f));
    }

    [Fact]
    public void Noise_comes_from_each_slices_own_seed()
    {
        using var grey = full(3, 1, 32, 32, 0.5f);
        var draw = AugmentationDraw.Identity with { NoiseSeed = 11, NoiseStd = 0.05 };
        using var a = GreyAugmenter.Apply(grey, [draw, draw with { NoiseSeed = 12 }, draw]);
        Assert.True(a[0].eq(a[2]).all().item<bool>());
        Assert.False(a[0].eq(a[1]).all().item<bool>());
        var sd = (a[0] - 0.5f).std().item<float>();
        Assert.InRange(sd, 0.045, 0.055); // 1024 draws of sd 0.05: deterministic for this seed
    }

    [Fact]
    public void The_same_seed_draws_the_same_batch_twice_and_another_seed_another()
    {
        var data = TinyTraining.Data();
        var inputs = new ImageInputs(data);
        var positions = data.Train.Take(8).ToList();
        Tensor Batch(int seed) => inputs.Batch(positions, Everything.Draw(new Random(seed), positions.Count));
        using var first = Batch(3);
        using var second = Batch(3);
        using var other = Batch(4);
        using var plain = inputs.Batch(positions);
        Assert.True(first.eq(second).all().item<bool>());
        Assert.False(first.eq(other).all().item<bool>());
        Assert.False(first.eq(plain).all().item<bool>());
        Assert.Equal(plain.shape, first.shape);
    }

    [Fact]
    public void A_mirror_drawn_with_the_warp_equals_the_exact_flip()
    {
        var data = TinyTraining.Data();
        var inputs = new ImageInputs(data);
        var positions = data.Train.Take(4).ToList();
        using var exact = inputs.Batch(positions, [.. positions.Select(_ => AugmentationDraw.Flipped)]);
        // A zoom of 1 + 1e-9 sends the batch through affine_grid and grid_sample.
        using var warped = inputs.Batch(positions, [.. positions.Select(_ => AugmentationDraw.Flipped with { Zoom = 1 + 1e-9 })]);
        Assert.True(warped.allclose(exact, rtol: 0, atol: 1e-4));
    }

    [Fact]
    public void An_augmented_stage_stopped_and_resumed_ends_as_one_never_stopped()
    {
        var data = TinyTraining.Data();
        var trainer = new StageTrainer(TinyTraining.Recipe(epochs: 3) with { Augmentation = Everything, Schedule = LearningRateSchedule.Cosine, WarmupEpochs = 1 });
        var folder = TestPaths.NewTempDirectory("augmented-resume");
        try
        {
            StageOutcome straight;
            using (var model = TinyTraining.Model())
                straight = trainer.Train(model, data, depth: 1);
            var checkpoint = Path.Combine(folder, "stage-1.ckpt");
            using (var model = TinyTraining.Model())
                trainer.Train(model, data, depth: 1, checkpoint, stopAfterEpochs: 1);
            using (var model = TinyTraining.Model())
            {
                var resumed = trainer.Train(model, data, depth: 1, checkpoint);
                Assert.Equal(TinyTraining.Numbers(straight), TinyTraining.Numbers(resumed));
            }
            // And the augmentation is real: without it the same stage trains differently.
            using (var model = TinyTraining.Model())
            {
                var plain = new StageTrainer(TinyTraining.Recipe(epochs: 3) with { Schedule = LearningRateSchedule.Cosine, WarmupEpochs = 1 }).Train(model, data, depth: 1);
                Assert.NotEqual(TinyTraining.Numbers(straight).Select(n => n.Item1), TinyTraining.Numbers(plain).Select(n => n.Item1));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Training_on_cached_views_equals_recomputing_the_same_views_and_views_differ_from_fresh_draws()
    {
        var data = TinyTraining.Data();
        var recipe = TinyTraining.Recipe(epochs: 2) with { Augmentation = Everything, AugmentedViews = 3, Cache = new ActivationCacheOptions { Precision = CachePrecision.Float32 } };
        StageOutcome Train(TrainingRecipe r)
        {
            using var model = TinyTraining.Model();
            return new StageTrainer(r).Train(model, data, depth: 1);
        }
        var cached = Train(recipe);
        var recomputed = Train(recipe with { Cache = new ActivationCacheOptions { Enabled = false } });
        var fresh = Train(recipe with { AugmentedViews = 0 });
        Assert.True(cached.Cache.Used);
        Assert.False(recomputed.Cache.Used);
        // 30 slices x 3 views of block5's input plus the 10 validation slices, float32.
        var perSlice = cached.Cache.Bytes / (30 * 3 + 10);
        Assert.Equal(cached.Cache.Bytes, perSlice * (30 * 3 + 10));
        Assert.Equal(TinyTraining.Numbers(recomputed), TinyTraining.Numbers(cached));
        Assert.NotEqual(TinyTraining.Numbers(fresh).Select(n => n.Item1), TinyTraining.Numbers(cached).Select(n => n.Item1));
    }

    [Fact]
    public void Impossible_values_are_refused_by_name()
    {
        Assert.Null(Everything.Problem());
        Assert.Equal("rotation: expected 0 to 180 degrees", new Augmentation { RotateDegrees = -1 }.Problem());
        Assert.Equal("scale: expected 0 up to (not including) 1", new Augmentation { Scale = 1 }.Problem());
        Assert.Equal("translation: expected 0 to 0.5 of the side", new Augmentation { Translate = 0.6 }.Problem());
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new StageTrainer(new TrainingRecipe { Augmentation = new Augmentation { Noise = double.NaN } }));
        Assert.Contains("Augmentation", error.Message);
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }

    [Fact]
    public void Flip_only_views_alternate_plain_and_mirrored_and_other_views_draw_their_flip()
    {
        var flips = new AugmentedViews(new Augmentation { Flip = true }, count: 4, seed: 42);
        for (var slice = 0; slice < 50; slice++)
            Assert.Equal([false, true, false, true], Enumerable.Range(0, 4).Select(v => flips.Draw(flips.Key(slice, v)).Flip));
        var everything = new AugmentedViews(Everything, count: 2, seed: 42);
        var drawn = Enumerable.Range(0, 50).Select(p => (everything.Draw(everything.Key(p, 0)).Flip, everything.Draw(everything.Key(p, 1)).Flip)).ToList();
        Assert.Contains(drawn, d => d.Item1 == d.Item2); // random, so some slices have both views the same way round
        Assert.Contains(drawn, d => d.Item1);
    }
}
