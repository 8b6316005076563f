using System.Globalization;

namespace BrainTumor.Reports.Rendering;

/// <summary>
/// How numbers appear in the rendered reports, in one place: accuracies in percent with two
/// decimals (as the papers give them), rates as fractions with three, losses with four, seconds with one or two.
/// </summary>
public static class ReportFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Percent(double fraction) => (fraction * 100).ToString("0.00", Invariant);

    public static string Percent(double? fraction) => fraction is { } f ? Percent(f) : "—";

    public static string PercentSd(double mean, double? sd) => sd is { } s ? $"{Percent(mean)} ± {Percent(s)}" : Percent(mean);

    /// <summary>A difference of accuracies in percentage points, signed.</summary>
    public static string Points(double? fraction) => fraction is { } f ? (f * 100).ToString("+0.00;-0.00;0.00", Invariant) : "—";

    public static string Rate(double? value) => value is { } v ? v.ToString("0.000", Invariant) : "—";

    public static string RateSd(double? mean, double? sd) => mean is { } m && sd is { } s ? $"{Rate(m)} ± {Rate(s)}" : Rate(mean);

    /// <summary>A loss; a diverged epoch's (stored as null, read as NaN) as a dash.</summary>
    public static string Loss(double value) => double.IsFinite(value) ? value.ToString("0.0000", Invariant) : "—";

    public static string Seconds(double? seconds) => seconds switch
    {
        null => "—",
        < 10 => seconds.Value.ToString("0.00", Invariant),
        _ => seconds.Value.ToString("0.0", Invariant),
    };

    public static string Count(int value) => value.ToString(Invariant);

    public static string Time(DateTimeOffset? time) => time is { } t ? t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", Invariant) : "—";

    /// <summary>Seconds as h:mm:ss for a reader, with the seconds beside it.</summary>
    public static string Duration(double? seconds) => seconds is { } s
        ? $"{TimeSpan.FromSeconds(Math.Round(s)):h\\:mm\\:ss} ({Seconds(s)} s)"
        : "—";
}
