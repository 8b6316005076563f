using BrainTumor.Protocol.Statistics;

namespace BrainTumor.Protocol.Tests.Statistics;

public class PairedComparisonTests
{
    private static readonly string[][] TestSets = [["glioma/1.mat", "meningioma/2.mat"], ["pituitary/3.mat", "glioma/4.mat"], ["meningioma/5.mat", "glioma/6.mat"]];

    private static FoldScore Score(int fold, double accuracy, int fit = 400, int test = 100, string items = "digest") =>
        new(fold, accuracy, fit, test, FoldScore.DigestOf(items, TestSets[fold - 1]));

    [Fact]
    public void Folds_are_paired_by_number_and_the_test_uses_both_experiments_test_train_ratio()
    {
        // B - A = 0.02, 0.03, 0.01 (listed out of order in B); n_test / n_train = 100/400 in A, 100/400 and 100/500 (a refit) in B:
        // the mean over the six folds is (5 * 0.25 + 0.2) / 6 = 0.241667.
        var a = new[] { Score(1, 0.90), Score(2, 0.88), Score(3, 0.92) };
        var b = new[] { Score(3, 0.93), Score(1, 0.92), Score(2, 0.91, fit: 500) };

        var c = PairedComparison.Of("a", a, "b", b);

        Assert.Equal([1, 2, 3], c.Folds.Select(f => f.Fold));
        Assert.Equal([0.02, 0.03, 0.01], c.Folds.Select(f => Math.Round(f.Difference, 12)));
        Assert.Equal((5 * 0.25 + 0.2) / 6, c.Test.TestTrainRatio, 12);
        Assert.Equal(0.90, c.MeanA, 12);
        Assert.Equal(0.92, c.MeanB, 12);
        var expected = PairedFoldTest.Of([.. c.Folds.Select(f => f.Difference)], (5 * 0.25 + 0.2) / 6);
        Assert.Equal(expected, c.Test);
        Assert.Equal(0.02, c.Test.MeanDifference, 12);
    }

    [Fact]
    public void The_digest_ignores_the_order_of_the_test_ids_and_depends_on_the_dataset()
    {
        Assert.Equal(FoldScore.DigestOf("x", ["a", "b"]), FoldScore.DigestOf("x", ["b", "a"]));
        Assert.NotEqual(FoldScore.DigestOf("x", ["a", "b"]), FoldScore.DigestOf("y", ["a", "b"]));
        Assert.NotEqual(FoldScore.DigestOf("x", ["a", "b"]), FoldScore.DigestOf("x", ["a", "c"]));
    }

    [Fact]
    public void Folds_that_tested_other_slices_are_refused_naming_the_fold()
    {
        var a = new[] { Score(1, 0.90), Score(2, 0.88), Score(3, 0.92) };
        var b = new[] { Score(1, 0.92), Score(2, 0.91) with { TestDigest = FoldScore.DigestOf("digest", ["other.mat"]), TestItems = 98 }, Score(3, 0.93) };

        var error = Assert.Throws<InvalidOperationException>(() => PairedComparison.Of("a", a, "b", b));
        Assert.Equal("a and b cannot be paired: fold 2 tested other slices (100 in a, 98 in b, not the same ones); " +
                     "a paired comparison needs the same folds: the same --folds-from column, or the same --folds and --seed on the same dataset", error.Message);
    }

    [Fact]
    public void Other_fold_numbers_one_fold_an_unrecorded_digest_and_the_same_experiment_twice_are_refused()
    {
        var three = new[] { Score(1, 0.90), Score(2, 0.88), Score(3, 0.92) };

        Assert.Equal("a and b cannot be paired: a tested folds 1, 2, 3 and b folds 1, 2; a paired comparison needs the same folds",
            Assert.Throws<InvalidOperationException>(() => PairedComparison.Of("a", three, "b", three[..2])).Message);
        Assert.Equal("a and b have 1 fold: a paired comparison needs at least 2",
            Assert.Throws<InvalidOperationException>(() => PairedComparison.Of("a", three[..1], "b", three[..1])).Message);
        Assert.Equal("b's report does not record which slices its folds tested; `braintumor experiment report b --rebuild` writes it again",
            Assert.Throws<InvalidOperationException>(() => PairedComparison.Of("a", three, "b", [.. three.Select(f => f with { TestDigest = "" })])).Message);
        Assert.Equal("a is compared with itself: name two experiments",
            Assert.Throws<InvalidOperationException>(() => PairedComparison.Of("a", three, "a", three)).Message);
    }
}
