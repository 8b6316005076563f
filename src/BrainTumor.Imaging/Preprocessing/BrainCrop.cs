namespace BrainTumor.Imaging.Preprocessing;

/// <summary>
/// The square window around the brain in a slice scaled to [0, 1]: the bounding box of the rows and
/// columns that hold a few foreground pixels (above a tenth of the scale, which MR background noise
/// stays under), grown by a small margin and made square about its centre. A 512 x 512 CE-MRI slice
/// shows the head inside a dark frame; cropping to it before the resize gives the tumour more of the
/// network's pixels. A slice with no foreground keeps its whole frame.
/// </summary>
public static class BrainCrop
{
    /// <summary>Pixels above this share of the scale are foreground.</summary>
    public const float Threshold = 0.1f;

    /// <summary>A row or column counts when at least this share of its pixels (and two) is foreground, so stray bright specks and burnt-in text do not widen the box.</summary>
    public const float LineShare = 0.01f;

    /// <summary>The box grows by this share of its side on each edge.</summary>
    public const float Margin = 0.04f;

    /// <summary>The window (left, top, side) in pixels; it may reach past the slice's edges, where the crop reads 0.</summary>
    public static (int Left, int Top, int Side) Window(ReadOnlySpan<float> unit, int width, int height)
    {
        var rowCounts = new int[height];
        var columnCounts = new int[width];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                if (unit[y * width + x] > Threshold)
                {
                    rowCounts[y]++;
                    columnCounts[x]++;
                }
        var (top, bottom) = Extent(rowCounts, Math.Max(2, (int)(LineShare * width)));
        var (left, right) = Extent(columnCounts, Math.Max(2, (int)(LineShare * height)));
        if (top < 0 || left < 0)
            return (0, 0, Math.Max(width, height));
        var side = Math.Max(bottom - top + 1, right - left + 1);
        side = Math.Min(Math.Max(width, height), side + 2 * (int)MathF.Ceiling(Margin * side));
        var centreX = (left + right + 1) / 2.0;
        var centreY = (top + bottom + 1) / 2.0;
        return (Place(centreX, side, width), Place(centreY, side, height), side);
    }

    /// <summary>The first and last index whose count reaches <paramref name="least"/>, or (-1, -1).</summary>
    private static (int First, int Last) Extent(int[] counts, int least)
    {
        var first = Array.FindIndex(counts, c => c >= least);
        return first < 0 ? (-1, -1) : (first, Array.FindLastIndex(counts, c => c >= least));
    }

    /// <summary>The window's start on one axis: centred, then moved inside the slice where the slice is long enough.</summary>
    private static int Place(double centre, int side, int length)
    {
        var start = (int)Math.Round(centre - side / 2.0);
        return side <= length ? Math.Clamp(start, 0, length - side) : (length - side) / 2;
    }
}
