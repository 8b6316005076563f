using static TorchSharp.torch;

namespace BrainTumor.Learning.Saliency;

/// <summary>A square saliency map in 0..1 at the network's input size, row-major.</summary>
public sealed record SaliencyMap
{
    public SaliencyMap(int size, float[] values)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if (values.Length != size * size)
            throw new ArgumentException($"a {size}x{size} map needs {size * size} values, got {values.Length}", nameof(values));
        Size = size;
        Values = values;
    }

    public int Size { get; }

    public float[] Values { get; }

    public float this[int row, int column] => Values[row * Size + column];

    /// <summary>
    /// Where the map peaks, in pixels: the centre of the pixels that hold its maximum (within a
    /// millionth of it). Upsampling a coarse map leaves ties, such as a plateau along the border
    /// or two pixels around a cell's centre, and their centre is where the coarse cell points.
    /// Null for a map that is zero everywhere (Grad-CAM found nothing in favour of the class).
    /// </summary>
    public (double Row, double Column)? Peak()
    {
        var max = Values.Max();
        if (max <= 0)
            return null;
        double rows = 0, columns = 0;
        var count = 0;
        for (var i = 0; i < Values.Length; i++)
        {
            if (Values[i] < max * (1 - 1e-6f))
                continue;
            rows += i / Size;
            columns += i % Size;
            count++;
        }
        return (rows / count, columns / count);
    }

    /// <summary>The peak as fractions of the image's width (X) and height (Y), pixel centres at (k + 0.5) / size, the way bounding boxes are given; null without a peak.</summary>
    public (double X, double Y)? PeakFraction() =>
        Peak() is (var row, var column) ? ((column + 0.5) / Size, (row + 0.5) / Size) : null;

    /// <summary>The pixel-wise mean of maps of one size (the fold ensemble's map).</summary>
    public static SaliencyMap Mean(IReadOnlyList<SaliencyMap> maps)
    {
        if (maps.Count == 0 || maps.Any(m => m.Size != maps[0].Size))
            throw new ArgumentException("expected at least one map, all of one size", nameof(maps));
        var sum = new float[maps[0].Values.Length];
        foreach (var map in maps)
            for (var i = 0; i < sum.Length; i++)
                sum[i] += map.Values[i];
        for (var i = 0; i < sum.Length; i++)
            sum[i] /= maps.Count;
        return new SaliencyMap(maps[0].Size, sum);
    }

    /// <summary>The maps of a batch [B, S, S] (as <see cref="GradCam"/> returns them).</summary>
    public static IReadOnlyList<SaliencyMap> FromBatch(Tensor maps)
    {
        if (maps.dim() != 3 || maps.shape[1] != maps.shape[2])
            throw new ArgumentException($"expected maps [B, S, S], got [{string.Join(", ", maps.shape)}]", nameof(maps));
        var size = (int)maps.shape[1];
        float[] values;
        using (NewDisposeScope())
            values = maps.to(ScalarType.Float32).contiguous().data<float>().ToArray();
        return Enumerable.Range(0, (int)maps.shape[0])
            .Select(b => new SaliencyMap(size, values.AsSpan(b * size * size, size * size).ToArray()))
            .ToList();
    }
}
