using BrainTumor.Protocol.Statistics;

namespace BrainTumor.Protocol.Tests.Statistics;

/// <summary>
/// Hand-worked numbers for the corrected resampled t-test. With 2 or 3 folds Student's t has closed forms:
/// 1 df is Cauchy, P(|T| > t) = 1 - (2/pi) atan(t), quantile tan(pi (q - 1/2)); 2 df has P(|T| > t) = 1 - t / sqrt(2 + t^2),
/// quantile (2q - 1) / sqrt(2 q (1 - q)).
/// </summary>
public class PairedFoldTestTests
{
    private const int Digits = 10;

    [Fact]
    public void Three_folds_give_the_hand_computed_corrected_statistic_interval_and_p_value()
    {
        // d = 0.02, 0.03, 0.01: mean 0.02; squared deviations 0, 0.0001, 0.0001, so s^2 = 0.0002 / 2 = 0.0001, s = 0.01.
        // n_test / n_train = 0.25: SE = sqrt((1/3 + 0.25) * 0.0001) = sqrt(0.0000583333) = 0.00763762615826.
        var test = PairedFoldTest.Of([0.02, 0.03, 0.01], testTrainRatio: 0.25);

        Assert.Equal(3, test.Folds);
        Assert.Equal(2, test.DegreesOfFreedom);
        Assert.Equal(0.02, test.MeanDifference, Digits);
        Assert.Equal(0.01, test.SdDifference, Digits);
        Assert.Equal(Math.Sqrt((1.0 / 3 + 0.25) * 0.0001), test.StandardError, Digits);
        // t = 0.02 / 0.00763762615826 = 2.61861468283; p = 1 - t / sqrt(2 + t^2) = 1 - 2.618615 / 2.976090 = 0.120117.
        var t = 0.02 / Math.Sqrt((1.0 / 3 + 0.25) * 0.0001);
        Assert.Equal(2.61861468283, test.T!.Value, 9);
        Assert.Equal(1 - t / Math.Sqrt(2 + t * t), test.PValue, Digits);
        Assert.Equal(0.1201173099, test.PValue, 9);
        // t(2, 0.975) = 0.95 / sqrt(2 * 0.975 * 0.025) = 4.30265272975; interval 0.02 -+ 4.302653 * 0.0076376 = [-0.012862, 0.052862].
        var quantile = 0.95 / Math.Sqrt(2 * 0.975 * 0.025);
        Assert.Equal(0.02 - quantile * test.StandardError, test.Lower, Digits);
        Assert.Equal(0.02 + quantile * test.StandardError, test.Upper, Digits);
        Assert.Equal(-0.0128620530, test.Lower, 9);
        Assert.Equal(0.0528620530, test.Upper, 9);
    }

    [Fact]
    public void The_correction_widens_the_plain_paired_t_test()
    {
        // Ratio 0 is the plain paired t-test: SE = s / sqrt(3) = 0.0057735, t = 3.4641016, p = 1 - t / sqrt(2 + t^2) = 0.0741799.
        var plain = PairedFoldTest.Of([0.02, 0.03, 0.01], testTrainRatio: 0);
        var corrected = PairedFoldTest.Of([0.02, 0.03, 0.01], testTrainRatio: 0.25);

        Assert.Equal(Math.Sqrt(12), plain.T!.Value, Digits);
        Assert.Equal(0.0741799002, plain.PValue, 9);
        Assert.True(corrected.PValue > plain.PValue);
        Assert.True(corrected.Upper - corrected.Lower > plain.Upper - plain.Lower);
    }

    [Fact]
    public void Two_folds_use_one_degree_of_freedom()
    {
        // d = 0.01, 0.03: mean 0.02, s^2 = (0.0001 + 0.0001) / 1 = 0.0002; ratio 0.5: SE = sqrt((0.5 + 0.5) * 0.0002) = 0.0141421356.
        // t = 0.02 / 0.0141421356 = sqrt(2); p = 1 - (2/pi) atan(sqrt(2)) = 0.39182655; t(1, 0.975) = tan(0.475 pi) = 12.7062047.
        var test = PairedFoldTest.Of([0.01, 0.03], testTrainRatio: 0.5);

        Assert.Equal(1, test.DegreesOfFreedom);
        Assert.Equal(Math.Sqrt(2), test.T!.Value, Digits);
        Assert.Equal(1 - 2 / Math.PI * Math.Atan(Math.Sqrt(2)), test.PValue, Digits);
        Assert.Equal(0.02 - Math.Tan(0.475 * Math.PI) * Math.Sqrt(0.0002), test.Lower, 8);
        Assert.Equal(0.02 + Math.Tan(0.475 * Math.PI) * Math.Sqrt(0.0002), test.Upper, 8);
    }

    [Fact]
    public void No_spread_gives_p_one_for_no_difference_and_p_zero_for_a_constant_one()
    {
        var none = PairedFoldTest.Of([0.0, 0.0, 0.0], 0.25);
        Assert.Equal(0, none.T);
        Assert.Equal(1, none.PValue);
        Assert.Equal((0.0, 0.0), (none.Lower, none.Upper));

        var constant = PairedFoldTest.Of([0.01, 0.01, 0.01], 0.25);
        Assert.Null(constant.T);
        Assert.Equal(0, constant.PValue);
        Assert.Equal(0.01, constant.Lower, Digits);
        Assert.Equal(0.01, constant.Upper, Digits);
    }

    [Theory]
    [InlineData(new[] { 0.01 }, 0.25, "at least 2 folds, not 1")]
    [InlineData(new[] { 0.01, double.NaN }, 0.25, "not a finite number")]
    [InlineData(new[] { 0.01, 0.02 }, -0.1, "n_test / n_train must be a finite number >= 0")]
    public void Bad_input_is_refused_saying_what_was_expected(double[] differences, double ratio, string expected)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => PairedFoldTest.Of(differences, ratio));
        Assert.Contains(expected, error.Message);
    }
}
