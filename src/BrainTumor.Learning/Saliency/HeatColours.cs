namespace BrainTumor.Learning.Saliency;

/// <summary>The "jet" colour scale (blue, cyan, yellow, red), the one Grad-CAM figures use, as 0..1 RGB.</summary>
public static class HeatColours
{
    public static (float R, float G, float B) Jet(float value)
    {
        var v = Math.Clamp(value, 0f, 1f);
        return (Channel(v, 3), Channel(v, 2), Channel(v, 1));
    }

    // Each channel is a trapezoid over 0..1 centred at centre/4.
    private static float Channel(float v, int centre) => Math.Clamp(1.5f - Math.Abs(4 * v - centre), 0f, 1f);
}
