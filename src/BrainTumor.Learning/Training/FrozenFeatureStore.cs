using System.Diagnostics;
using BrainTumor.Learning.Backbones;
using TorchSharp;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Training;

/// <summary>
/// Which frozen features a stage may share: the same pretrained weights (<paramref name="Identity"/>
/// names the backbone, its weights and the input size), the same slices.
/// </summary>
/// <remarks>
/// Sharing is exact because the frozen prefix of every stage is the pretrained network itself: stage
/// k trains the k deepest blocks and starts from stage k-1's best weights, so the blocks frozen at
/// stage k have never trained in any fold or stage. Give an identity only when that holds (weights
/// chosen per fold, such as a seeded random start, must not share).
/// </remarks>
public sealed record SharedFeatures(FrozenFeatureStore Store, string Identity);

/// <summary>
/// Frozen-prefix outputs kept across the folds and stages of an experiment: the output of blocks
/// [0, b) for every slice of a dataset, computed once and then read by every fold's stage whose
/// frozen prefix ends at b, and by the test pass of a fold whose chosen depth leaves b frozen.
/// A per-stage <see cref="ActivationCache"/> runs the prefix over its fold's training and
/// validation slices for each stage; with k folds that is k passes over almost the same slices, and
/// a deeper stage's prefix is part of a shallower one's. Here the first stage to need a boundary runs
/// the slices once through the blocks from the nearest boundary already held (or the images) and
/// keeps the outputs of that boundary and of the shallower ones it passes, deepest first, as far as
/// the budget allows; the least recently used entries of other identities go first when memory runs out.
/// Float32, so a stage reads the same numbers it would have computed. Thread-safe (one device thread
/// per device reads and fills it).
/// </summary>
public sealed class FrozenFeatureStore(long budgetBytes) : IDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<(string Identity, int Boundary), Entry> _entries = [];
    private long _clock;

    private sealed class Entry(Tensor outputs)
    {
        public Tensor Outputs { get; } = outputs;

        public long Bytes => Outputs.NumberOfElements * 4;

        public long LastUse { get; set; }
    }

    public long BudgetBytes => budgetBytes;

    /// <summary>Bytes held now.</summary>
    public long Bytes
    {
        get
        {
            lock (_gate) return _entries.Values.Sum(e => e.Bytes);
        }
    }

    /// <summary>Boundaries held for <paramref name="identity"/>, shallowest first.</summary>
    public IReadOnlyList<int> Boundaries(string identity)
    {
        lock (_gate) return [.. _entries.Keys.Where(k => k.Identity == identity).Select(k => k.Boundary).Order()];
    }

    /// <summary>
    /// The prefix [0, <paramref name="boundary"/>)'s outputs at <paramref name="positions"/>, in that
    /// order, as a new float32 tensor the caller owns; null when the whole dataset's outputs at that
    /// boundary do not fit the budget (the caller then computes its own). <paramref name="images"/>
    /// gives the network input of any slice; <paramref name="count"/> is the number of slices.
    /// </summary>
    internal (Tensor? Outputs, double Seconds) Read(string identity, IBlockwiseNetwork network, nn.Module module, IStageInputs images, int count,
        int boundary, IReadOnlyList<int> positions, int chunk, CancellationToken cancellation)
    {
        var watch = Stopwatch.StartNew();
        lock (_gate)
        {
            if (!_entries.ContainsKey((identity, boundary)) && !Fill(identity, network, module, images, count, boundary, chunk, cancellation))
                return (null, watch.Elapsed.TotalSeconds);
            var entry = _entries[(identity, boundary)];
            entry.LastUse = ++_clock;
            using var scope = NewDisposeScope();
            var rows = entry.Outputs.index_select(0, tensor(positions.Select(p => (long)p).ToArray()));
            return (rows.MoveToOuterDisposeScope(), watch.Elapsed.TotalSeconds);
        }
    }

    /// <summary>Runs every slice from the deepest boundary held below <paramref name="boundary"/> (or the images) up to it, keeping what fits.</summary>
    private bool Fill(string identity, IBlockwiseNetwork network, nn.Module module, IStageInputs images, int count, int boundary, int chunk, CancellationToken cancellation)
    {
        var from = _entries.Keys.Where(k => k.Identity == identity && k.Boundary < boundary).Select(k => k.Boundary).DefaultIfEmpty(0).Max();
        module.eval();
        using var noGrad = no_grad();
        // Each boundary's output shape from one slice, then what to keep: the one asked for, then the
        // shallower ones passed on the way (the next stages' prefixes), while they fit.
        var shapes = new Dictionary<int, long[]>();
        using (var scope = NewDisposeScope())
        {
            var x = Input(images, from, identity, [0]);
            for (var b = from + 1; b <= boundary; b++)
            {
                x = network.ForwardBlocks(x, b - 1, b);
                shapes[b] = x.shape[1..];
            }
        }
        long Size(int b) => shapes[b].Aggregate(1L, (a, d) => a * d) * count * 4;
        if (!MakeRoom(identity, Size(boundary)))
            return false;
        var keep = new List<int> { boundary };
        var kept = Size(boundary);
        for (var b = boundary - 1; b > from; b--)
        {
            if (!MakeRoom(identity, kept + Size(b)))
                break;
            keep.Add(b);
            kept += Size(b);
        }

        var outputs = keep.ToDictionary(b => b, b => empty([count, .. shapes[b]], ScalarType.Float32).DetachFromDisposeScope());
        try
        {
            for (var start = 0; start < count; start += chunk)
            {
                cancellation.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var part = Enumerable.Range(start, Math.Min(chunk, count - start)).ToArray();
                var x = Input(images, from, identity, part);
                for (var b = from + 1; b <= boundary; b++)
                {
                    x = network.ForwardBlocks(x, b - 1, b);
                    if (outputs.TryGetValue(b, out var target))
                        target.narrow(0, start, part.Length).copy_(x);
                }
            }
        }
        catch
        {
            foreach (var t in outputs.Values) t.Dispose();
            throw;
        }
        foreach (var (b, t) in outputs)
            _entries[(identity, b)] = new Entry(t) { LastUse = ++_clock };
        return true;
    }

    private Tensor Input(IStageInputs images, int from, string identity, IReadOnlyList<int> rows) =>
        from == 0
            ? images.Batch(rows)
            : _entries[(identity, from)].Outputs.index_select(0, tensor(rows.Select(r => (long)r).ToArray()));

    /// <summary>Evicts least recently used entries of other identities until <paramref name="bytes"/> more fit; false when they cannot.</summary>
    private bool MakeRoom(string identity, long bytes)
    {
        if (bytes > budgetBytes)
            return false;
        var held = _entries.Values.Sum(e => e.Bytes);
        foreach (var (key, entry) in _entries.Where(e => e.Key.Identity != identity).OrderBy(e => e.Value.LastUse).ToList())
        {
            if (held + bytes <= budgetBytes)
                break;
            held -= entry.Bytes;
            entry.Outputs.Dispose();
            _entries.Remove(key);
        }
        return held + bytes <= budgetBytes;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var entry in _entries.Values)
                entry.Outputs.Dispose();
            _entries.Clear();
        }
    }
}
