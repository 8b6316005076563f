using BrainTumor.Protocol.Metrics;

namespace BrainTumor.Protocol.Tests.Metrics;

public class RocAucTests
{
    [Fact]
    public void Perfect_inverted_and_uninformative_scores_give_one_zero_and_one_half()
    {
        bool[] positive = [true, true, false, false];
        Assert.Equal(1.0, RocAuc.Binary(positive, [.9, .8, .2, .1]));
        Assert.Equal(0.0, RocAuc.Binary(positive, [.1, .2, .8, .9]));
        // All four tied: every pair counts 1/2 -> AUC 0.5.
        Assert.Equal(0.5, RocAuc.Binary(positive, [.5, .5, .5, .5]));
    }

    [Fact]
    public void A_tie_between_a_positive_and_a_negative_counts_one_half()
    {
        // Positives .8 .5, negatives .5 .2: pairs .8>.5, .8>.2, .5=.5 (1/2), .5>.2 -> 3.5 of 4.
        Assert.Equal(3.5 / 4, RocAuc.Binary([true, true, false, false], [.8, .5, .5, .2]));
    }

    [Fact]
    public void Auc_is_null_without_positives_or_without_negatives()
    {
        Assert.Null(RocAuc.Binary([false, false], [.1, .2]));
        Assert.Null(RocAuc.Binary([true, true], [.1, .2]));
        Assert.Null(RocAuc.Binary([], []));
    }

    [Fact]
    public void Non_finite_scores_and_length_mismatches_are_refused()
    {
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => RocAuc.Binary([true, false], [double.NaN, .1])).Message);
        Assert.Throws<ArgumentException>(() => RocAuc.Binary([true, false], [.1]));
    }
}
