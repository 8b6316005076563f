using OxyPlot;

namespace BrainTumor.Reports.Rendering;

/// <summary>
/// Measures chart text for SVG. OxyPlot's managed measurer (the PDF renderer's, built-in font
/// metrics, no system fonts) counts font sizes in points, 72 per inch, but an SVG's font sizes are
/// CSS pixels, 96 per inch: text measured that way comes out three quarters of its drawn width, and
/// legends and axis titles get clipped or overlap. Scaling the measure by 96/72 fixes the layout.
/// </summary>
public sealed class PixelTextMeasurer(double width, double height) : PdfRenderContext(width, height, OxyColors.White)
{
    private const double PixelsPerPoint = 96.0 / 72.0;

    public override OxySize MeasureText(string text, string fontFamily, double fontSize, double fontWeight)
    {
        var size = base.MeasureText(text, fontFamily, fontSize, fontWeight);
        return new OxySize(size.Width * PixelsPerPoint, size.Height * PixelsPerPoint);
    }
}
