using System.Globalization;
using BrainTumor.Imaging.Reading;

namespace BrainTumor.Learning.Saliency;

/// <summary>
/// A tumour's bounding box as fractions of the image (centre x, centre y, width, height), the
/// <c>bbox_xc</c>, <c>bbox_yc</c>, <c>bbox_w</c>, <c>bbox_h</c> columns of a dataset's manifest.
/// </summary>
public sealed record TumourBox(double CentreX, double CentreY, double Width, double Height)
{
    public static readonly string[] Columns = ["bbox_xc", "bbox_yc", "bbox_w", "bbox_h"];

    /// <summary>The box of a dataset item, from its manifest attributes; an item without them is an error naming it and the column.</summary>
    public static TumourBox Of(DatasetItem item)
    {
        var values = Columns.Select(column =>
            item.Attributes.TryGetValue(column, out var text)
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && value is >= 0 and <= 1
                ? value
                : throw new InvalidDataException(
                    $"{item.Id}: manifest column '{column}' is missing or not a fraction of the image (0..1); expected {string.Join(", ", Columns)}"))
            .ToArray();
        return new TumourBox(values[0], values[1], values[2], values[3]);
    }

    /// <summary>Whether a point (fractions of width and height) lies inside the box or on its edge.</summary>
    public bool Contains(double x, double y) =>
        Math.Abs(x - CentreX) <= Width / 2 && Math.Abs(y - CentreY) <= Height / 2;

    /// <summary>
    /// The share of the map's total value on pixels whose centre lies in the box (the energy-based
    /// pointing game of Wang et al., Score-CAM, CVPR Workshops 2020): a map spread evenly scores
    /// <see cref="Area"/>, one entirely in the box 1. Null for a map that is zero everywhere.
    /// </summary>
    public double? ShareOf(SaliencyMap map)
    {
        double inside = 0, total = 0;
        for (var row = 0; row < map.Size; row++)
            for (var column = 0; column < map.Size; column++)
            {
                var value = map[row, column];
                total += value;
                if (Contains((column + 0.5) / map.Size, (row + 0.5) / map.Size))
                    inside += value;
            }
        return total > 0 ? inside / total : null;
    }

    /// <summary>The share of the image the box covers: the chance that a point drawn uniformly at random falls inside.</summary>
    public double Area => Width * Height;
}
