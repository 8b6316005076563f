using BrainTumor.Imaging.Storage;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace BrainTumor.Learning.Saliency;

/// <summary>
/// The slice the network saw (grey) with the saliency map laid over it in <see cref="HeatColours.Jet"/>
/// colours. The colour's opacity grows with the map's value (at most <see cref="MaxOpacity"/>), so
/// where the network did not look the slice stays plain grey and the anatomy stays readable.
/// </summary>
public static class SaliencyOverlay
{
    public const float MaxOpacity = 0.6f;

    /// <summary>The overlay as an image; <paramref name="slice"/> is the preprocessed slice (0..1), the map's size.</summary>
    public static Image<Rgb24> Render(float[] slice, SaliencyMap map)
    {
        if (slice.Length != map.Values.Length)
            throw new ArgumentException($"slice of {slice.Length} pixels for a {map.Size}x{map.Size} map", nameof(slice));
        var image = new Image<Rgb24>(map.Size, map.Size);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    var i = y * map.Size + x;
                    var grey = Math.Clamp(slice[i], 0f, 1f);
                    var heat = HeatColours.Jet(map.Values[i]);
                    var opacity = MaxOpacity * Math.Clamp(map.Values[i], 0f, 1f);
                    row[x] = new Rgb24(Blend(grey, heat.R, opacity), Blend(grey, heat.G, opacity), Blend(grey, heat.B, opacity));
                }
            }
        });
        return image;
    }

    /// <summary>Writes the overlay as a PNG to <paramref name="path"/> (whole or not at all; its folder is created).</summary>
    public static void WritePng(string path, float[] slice, SaliencyMap map)
    {
        using var image = Render(slice, map);
        AtomicFile.Write(path, partial => image.SaveAsPng(partial));
    }

    private static byte Blend(float grey, float colour, float opacity) =>
        (byte)MathF.Round(255 * ((1 - opacity) * grey + opacity * colour));
}
