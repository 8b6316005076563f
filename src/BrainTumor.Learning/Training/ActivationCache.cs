using System.Diagnostics;
using System.Runtime.InteropServices;
using BrainTumor.Learning.Backbones;
using TorchSharp;
using static TorchSharp.torch;
using BrainTumor.Protocol.Runs;

namespace BrainTumor.Learning.Training;

/// <summary>
/// The frozen prefix's output, computed once per fold and stage: blocks [0, <see cref="StartBlock"/>)
/// run under no_grad in eval mode on every training and validation slice, and the trainable rest of
/// the network then reads their outputs instead of images. Exact with float32 (the frozen blocks
/// compute the same thing every epoch without augmentation); float16 halves the bytes. Held in one
/// tensor in memory, or in a file on disk when the memory budget is too small.
/// </summary>
internal sealed class ActivationCache : IStageInputs, IDisposable
{
    private readonly Dictionary<int, int> _rows;
    private readonly long[] _itemShape;
    private readonly long _itemElements;
    private readonly bool _half;
    private readonly Tensor? _memory;
    private readonly string? _file;
    private readonly FileStream? _disk;

    private ActivationCache(int startBlock, IReadOnlyList<int> positions, long[] itemShape, bool half, bool onDisk, string? folder)
    {
        StartBlock = startBlock;
        _rows = positions.Select((p, r) => (p, r)).ToDictionary(x => x.p, x => x.r);
        _itemShape = itemShape;
        _itemElements = itemShape.Aggregate(1L, (a, b) => a * b);
        _half = half;
        if (onDisk)
        {
            Directory.CreateDirectory(folder!);
            _file = Path.Combine(folder!, $"activations-{Guid.NewGuid():N}.bin");
            _disk = new FileStream(_file, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        }
        else
        {
            using var scope = NewDisposeScope();
            _memory = empty([positions.Count, .. itemShape], half ? ScalarType.Float16 : ScalarType.Float32).DetachFromDisposeScope();
        }
    }

    /// <summary>A cache over rows the <see cref="FrozenFeatureStore"/> gave, in <paramref name="positions"/> order (owned from here on).</summary>
    private ActivationCache(int startBlock, IReadOnlyList<int> positions, Tensor rows)
    {
        StartBlock = startBlock;
        _rows = positions.Select((p, r) => (p, r)).ToDictionary(x => x.p, x => x.r);
        _itemShape = rows.shape[1..];
        _itemElements = _itemShape.Aggregate(1L, (a, b) => a * b);
        _memory = rows;
    }

    /// <summary>
    /// A cache over <paramref name="positions"/> read from the <see cref="FrozenFeatureStore"/> (which fills
    /// the boundary first when no fold or stage has yet); null when the store cannot hold it.
    /// </summary>
    internal static (ActivationCache Cache, CacheReport Report)? FromShared(SharedFeatures shared, IBlockwiseNetwork network, nn.Module module,
        StageData data, int startBlock, IReadOnlyList<int> positions, int batchSize, CancellationToken cancellation)
    {
        var (rows, seconds) = shared.Store.Read(shared.Identity, network, module, new ImageInputs(data), data.Slices.Count, startBlock, positions,
            Math.Max(batchSize, 16), cancellation);
        return rows is null ? null : (new ActivationCache(startBlock, positions, rows), new CacheReport(true, "shared", "float32", rows.NumberOfElements * 4, seconds, null));
    }

    public int StartBlock { get; }

    private int ElementBytes => _half ? 2 : 4;

    /// <summary>
    /// Fills a cache of the prefix [0, <paramref name="startBlock"/>) over <paramref name="positions"/>,
    /// or says why not (the report's reason): disabled, augmentation on, nothing frozen, or over both budgets.
    /// </summary>
    /// <remarks>With <paramref name="shared"/>, the rows come from the <see cref="FrozenFeatureStore"/> (filled by
    /// the first fold or stage that needs them); when the store cannot hold them, the stage fills its own.</remarks>
    public static (ActivationCache? Cache, CacheReport Report) Build(
        IBlockwiseNetwork network, nn.Module module, StageData data, int startBlock, IReadOnlyList<int> positions, TrainingRecipe recipe,
        CancellationToken cancellation = default, SharedFeatures? shared = null)
    {
        var options = recipe.Cache;
        if (!options.Enabled)
            return (null, CacheReport.Bypassed("disabled by the recipe"));
        if (startBlock == 0)
            return (null, CacheReport.Bypassed("nothing is frozen at this depth: every block trains"));

        if (shared is not null && FromShared(shared, network, module, data, startBlock, positions, recipe.BatchSize, cancellation) is { } fromStore)
            return fromStore;

        var images = new ImageInputs(data);
        return Fill(network, module, startBlock, positions, keys => images.Batch(keys), recipe, options, cancellation);
    }

    /// <summary>
    /// The prefix's output on <see cref="AugmentedViews.Count"/> augmented views of each slice of
    /// <paramref name="positions"/>, computed once: row <c>p x Count + j</c> holds view j of slice p
    /// (<see cref="AugmentedViews.Draw"/>). Float16 unless the recipe asks for float32; over the budgets, none.
    /// </summary>
    public static (ActivationCache? Cache, CacheReport Report) BuildViews(
        IBlockwiseNetwork network, nn.Module module, StageData data, int startBlock, IReadOnlyList<int> positions, TrainingRecipe recipe,
        CancellationToken cancellation = default)
    {
        var views = new AugmentedViews(recipe.Augmentation, recipe.AugmentedViews, recipe.Seed);
        var options = recipe.Cache with { Precision = recipe.Cache.Precision == CachePrecision.Float32 ? CachePrecision.Float32 : CachePrecision.Float16 };
        if (!options.Enabled)
            return (null, CacheReport.Bypassed("disabled by the recipe"));
        if (startBlock == 0)
            return (null, CacheReport.Bypassed("nothing is frozen at this depth: every block trains"));
        var images = new ImageInputs(data);
        var keys = positions.SelectMany(p => Enumerable.Range(0, views.Count).Select(j => views.Key(p, j))).ToList();
        return Fill(network, module, startBlock, keys, part => images.Batch([.. part.Select(views.Slice)], [.. part.Select(views.Draw)]), recipe, options, cancellation);
    }

    /// <summary>Runs the prefix once over the images of <paramref name="keys"/> (in chunks) into a new cache keyed by them.</summary>
    private static (ActivationCache? Cache, CacheReport Report) Fill(IBlockwiseNetwork network, nn.Module module, int startBlock, IReadOnlyList<int> keys,
        Func<IReadOnlyList<int>, Tensor> imagesOf, TrainingRecipe recipe, ActivationCacheOptions options, CancellationToken cancellation)
    {
        var watch = Stopwatch.StartNew();
        module.eval();
        using var noGrad = no_grad();
        long[] itemShape;
        using (var scope = NewDisposeScope())
            itemShape = network.ForwardBlocks(imagesOf([keys[0]]), 0, startBlock).shape[1..];
        var elements = itemShape.Aggregate(1L, (a, b) => a * b) * keys.Count;
        var (half, onDisk, reason) = Choose(options, elements);
        if (reason is not null)
            return (null, CacheReport.Bypassed(reason));

        var cache = new ActivationCache(startBlock, keys, itemShape, half, onDisk, options.DiskFolder ?? Path.Combine(Path.GetTempPath(), "braintumor-activations"));
        try
        {
            var chunk = Math.Max(recipe.BatchSize, 16);
            for (var start = 0; start < keys.Count; start += chunk)
            {
                cancellation.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var part = keys.Skip(start).Take(chunk).ToList();
                cache.Store(start, network.ForwardBlocks(imagesOf(part), 0, startBlock));
            }
        }
        catch
        {
            cache.Dispose();
            throw;
        }
        var report = new CacheReport(true, onDisk ? "disk" : "memory", half ? "float16" : "float32", elements * cache.ElementBytes, watch.Elapsed.TotalSeconds, null);
        return (cache, report);
    }

    private static (bool Half, bool OnDisk, string? Reason) Choose(ActivationCacheOptions options, long elements)
    {
        var precisions = options.Precision switch
        {
            CachePrecision.Float32 => new[] { false },
            CachePrecision.Float16 => [true],
            _ => [false, true],
        };
        foreach (var half in precisions)
            if (elements * (half ? 2 : 4) <= options.MemoryBudgetBytes)
                return (half, false, null);
        var diskHalf = precisions[^1];
        if (elements * (diskHalf ? 2 : 4) <= options.DiskBudgetBytes)
            return (diskHalf, true, null);
        return (false, false, $"the prefix's output ({elements * (diskHalf ? 2 : 4) / (1024.0 * 1024.0):F0} MiB) exceeds the memory budget " +
                              $"({options.MemoryBudgetBytes / (1024.0 * 1024.0):F0} MiB) and the disk budget ({options.DiskBudgetBytes / (1024.0 * 1024.0):F0} MiB)");
    }

    private void Store(int firstRow, Tensor output)
    {
        if (_memory is not null)
        {
            _memory.narrow(0, firstRow, output.shape[0]).copy_(output);
            return;
        }
        var values = output.contiguous().data<float>().ToArray();
        var bytes = new byte[values.Length * ElementBytes];
        if (_half)
        {
            var halves = MemoryMarshal.Cast<byte, Half>(bytes.AsSpan());
            for (var i = 0; i < values.Length; i++)
                halves[i] = (Half)values[i];
        }
        else
        {
            MemoryMarshal.AsBytes(values.AsSpan()).CopyTo(bytes);
        }
        _disk!.Position = firstRow * _itemElements * ElementBytes;
        _disk.Write(bytes);
    }

    public Tensor Batch(IReadOnlyList<int> positions, IReadOnlyList<AugmentationDraw>? draws = null)
    {
        if (draws is not null && draws.Any(d => !d.IsIdentity))
            throw new InvalidOperationException("the activation cache holds unchanged images only");
        var rows = positions.Select(p => _rows.TryGetValue(p, out var r) ? (long)r : throw new ArgumentException($"slice {p} is not in the activation cache")).ToArray();
        if (_memory is not null)
        {
            using var scope = NewDisposeScope();
            return _memory.index_select(0, tensor(rows)).to(ScalarType.Float32).MoveToOuterDisposeScope();
        }
        var itemBytes = (int)(_itemElements * ElementBytes);
        var buffer = new byte[itemBytes];
        var values = new float[rows.Length * _itemElements];
        for (var i = 0; i < rows.Length; i++)
        {
            _disk!.Position = rows[i] * itemBytes;
            _disk.ReadExactly(buffer);
            var target = values.AsSpan((int)(i * _itemElements), (int)_itemElements);
            if (_half)
            {
                var halves = MemoryMarshal.Cast<byte, Half>(buffer.AsSpan());
                for (var j = 0; j < target.Length; j++)
                    target[j] = (float)halves[j];
            }
            else
            {
                MemoryMarshal.Cast<byte, float>(buffer.AsSpan()).CopyTo(target);
            }
        }
        return tensor(values, [rows.Length, .. _itemShape]);
    }

    public void Dispose()
    {
        _memory?.Dispose();
        _disk?.Dispose();
    }
}
