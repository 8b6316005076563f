using System.Text.Json.Serialization;
using MathNet.Numerics.Distributions;

namespace BrainTumor.Protocol.Statistics;

/// <summary>
/// Whether two settings differ on the same k folds: the per-fold differences d = B - A, their mean, and
/// the corrected resampled t-test of Nadeau and Bengio (2003, "Inference for the generalization error",
/// Machine Learning 52:239-281). The folds' training sets overlap, so the differences are correlated and the
/// plain paired t-test, whose variance of the mean is s²/k, is too confident; the correction replaces
/// 1/k with 1/k + n_test/n_train (Bouckaert and Frank 2004 showed it keeps the type I error near its level
/// for k-fold cross-validation). The statistic has k - 1 degrees of freedom; the interval is
/// mean ± t(k-1, (1 + level) / 2) × the corrected standard error, the p-value two-sided.
/// </summary>
/// <param name="Folds">k, the number of paired folds.</param>
/// <param name="MeanDifference">The mean of B - A over the folds.</param>
/// <param name="SdDifference">The sample sd (n - 1) of the differences.</param>
/// <param name="TestTrainRatio">n_test / n_train, the mean over folds of test slices over the slices the tested model trained on.</param>
/// <param name="StandardError">sqrt((1/k + n_test/n_train) × sd²).</param>
/// <param name="T">The corrected t statistic; null when every fold differs by the same amount other than 0 (no spread: the statistic is infinite).</param>
/// <param name="PValue">Two-sided; 1 when every difference is 0, 0 when they are all the same other value.</param>
public sealed record PairedFoldTest(
    [property: JsonPropertyName("folds")] int Folds,
    [property: JsonPropertyName("mean_difference")] double MeanDifference,
    [property: JsonPropertyName("sd_difference")] double SdDifference,
    [property: JsonPropertyName("test_train_ratio")] double TestTrainRatio,
    [property: JsonPropertyName("standard_error")] double StandardError,
    [property: JsonPropertyName("t")] double? T,
    [property: JsonPropertyName("degrees_of_freedom")] int DegreesOfFreedom,
    [property: JsonPropertyName("p_value")] double PValue,
    [property: JsonPropertyName("level")] double Level,
    [property: JsonPropertyName("lower")] double Lower,
    [property: JsonPropertyName("upper")] double Upper)
{
    /// <param name="differences">B - A, one per fold (at least 2).</param>
    /// <param name="testTrainRatio">n_test / n_train (positive); 0 gives the plain, uncorrected paired t-test.</param>
    /// <param name="level">The interval's coverage, 0.95 unless given.</param>
    public static PairedFoldTest Of(IReadOnlyList<double> differences, double testTrainRatio, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(differences);
        if (differences.Count < 2)
            throw new ArgumentException($"a paired test needs at least 2 folds, not {differences.Count}", nameof(differences));
        if (differences.Any(d => !double.IsFinite(d)))
            throw new ArgumentException("a fold's difference is not a finite number", nameof(differences));
        if (!(testTrainRatio >= 0) || !double.IsFinite(testTrainRatio))
            throw new ArgumentOutOfRangeException(nameof(testTrainRatio), testTrainRatio, "n_test / n_train must be a finite number >= 0");
        if (!(level > 0 && level < 1))
            throw new ArgumentOutOfRangeException(nameof(level), level, "the interval's level must be between 0 and 1");

        var k = differences.Count;
        var mean = differences.Average();
        var sd = Math.Sqrt(differences.Sum(d => (d - mean) * (d - mean)) / (k - 1));
        var standardError = Math.Sqrt((1.0 / k + testTrainRatio) * sd * sd);
        var df = k - 1;
        var quantile = StudentT.InvCDF(0, 1, df, (1 + level) / 2);
        double? t;
        double p;
        if (standardError > 0)
        {
            t = mean / standardError;
            p = 2 * StudentT.CDF(0, 1, df, -Math.Abs(t.Value));
        }
        else
        {
            // Every fold moved by the same amount: no spread to weigh the mean against.
            t = mean == 0 ? 0 : null;
            p = mean == 0 ? 1 : 0;
        }
        return new PairedFoldTest(k, mean, sd, testTrainRatio, standardError, t, df, p, level,
            mean - quantile * standardError, mean + quantile * standardError);
    }
}
