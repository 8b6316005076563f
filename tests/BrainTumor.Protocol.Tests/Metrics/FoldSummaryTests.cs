using BrainTumor.Protocol.Metrics;

namespace BrainTumor.Protocol.Tests.Metrics;

public class FoldSummaryTests
{
    private static readonly string[] Labels = ["meningioma", "glioma", "pituitary"];
    private const int Digits = 12;

    // Three folds of 10 test items each.
    //   fold 1: [[3,1,0],[0,3,0],[0,1,2]] diagonal 8 -> accuracy 0.8; meningioma recall 3/4
    //   fold 2: [[3,0,0],[0,3,1],[0,0,3]] diagonal 9 -> accuracy 0.9; meningioma recall 3/3
    //   fold 3: [[2,1,0],[1,2,0],[0,1,3]] diagonal 7 -> accuracy 0.7; meningioma recall 2/3
    private static FoldSummary ThreeFolds() => FoldSummary.Of(
    [
        Fold(1, [[3, 1, 0], [0, 3, 0], [0, 1, 2]]),
        Fold(2, [[3, 0, 0], [0, 3, 1], [0, 0, 3]]),
        Fold(3, [[2, 1, 0], [1, 2, 0], [0, 1, 3]]),
    ]);

    [Fact]
    public void Mean_and_sample_sd_of_accuracy_over_three_folds()
    {
        var s = ThreeFolds();
        // mean (0.8 + 0.9 + 0.7) / 3 = 0.8; deviations 0, 0.1, -0.1; sd = sqrt((0 + 0.01 + 0.01) / (3 - 1)) = 0.1
        Assert.Equal(0.8, s.MeanAccuracy, Digits);
        Assert.Equal(0.1, s.SdAccuracy!.Value, Digits);
    }

    [Fact]
    public void Mean_and_sample_sd_of_a_per_class_rate()
    {
        var recall = ThreeFolds().PerClass["meningioma"].Recall;
        // values 3/4, 1, 2/3 = 27/36, 36/36, 24/36; mean 87/108 = 29/36 (0.805556)
        // deviations -2/36, 7/36, -5/36; squares (4 + 49 + 25) / 1296 = 78/1296; / (3-1) = 39/1296
        // sd = sqrt(39) / 36 (0.173472)
        Assert.Equal(29.0 / 36, recall.Mean, Digits);
        Assert.Equal(Math.Sqrt(39) / 36, recall.Sd!.Value, Digits);
        Assert.Null(ThreeFolds().PerClass["meningioma"].Auc); // the folds had no scores
    }

    [Fact]
    public void The_pooled_matrix_is_the_sum_of_the_folds()
    {
        var pooled = ThreeFolds().PooledConfusionMatrix;
        // [[3+3+2, 1+0+1, 0], [0+0+1, 3+3+2, 0+1+0], [0, 1+0+1, 2+3+3]]
        Assert.Equal([[8, 2, 0], [1, 8, 1], [0, 2, 8]], pooled.Counts.Select(r => r.ToArray()).ToArray());
        Assert.Equal(30, pooled.Total);
    }

    [Fact]
    public void Folds_are_listed_in_order_and_each_only_once()
    {
        var a = Fold(2, [[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
        var b = Fold(1, [[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
        Assert.Equal([1, 2], FoldSummary.Of([a, b]).Folds.Select(f => f.Fold));
        Assert.Contains("fold 2 appears 2 times", Assert.Throws<ArgumentException>(() => FoldSummary.Of([a, a])).Message);
        Assert.Throws<ArgumentException>(() => FoldSummary.Of([]));
    }

    [Fact]
    public void One_fold_has_a_mean_but_no_sd()
    {
        var s = FoldSummary.Of([Fold(1, [[3, 1, 0], [0, 3, 0], [0, 1, 2]])]);
        Assert.Equal(0.8, s.MeanAccuracy, Digits);
        Assert.Null(s.SdAccuracy);
        Assert.Null(s.Macro.F1.Sd);
    }

    [Fact]
    public void Auc_is_averaged_only_when_every_fold_has_one()
    {
        // AUCs 0.9, 0.8, 1.0: mean 0.9, sd sqrt((0 + 0.01 + 0.01) / 2) = 0.1
        var defined = MetricSummary.Over([Rates(0.9), Rates(0.8), Rates(1.0)]);
        Assert.Equal(0.9, defined.Auc!.Mean, Digits);
        Assert.Equal(0.1, defined.Auc.Sd!.Value, Digits);
        Assert.Null(MetricSummary.Over([Rates(0.9), Rates(null)]).Auc);
    }

    private static ClassMetrics Rates(double? auc) => new(1, 1, 1, 1, 10, auc);

    private static FoldMetrics Fold(int number, int[][] counts) =>
        new(number, ClassificationMetrics.Compute(new ConfusionMatrix(Labels, counts)));
}
