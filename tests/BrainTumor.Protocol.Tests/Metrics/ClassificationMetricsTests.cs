using BrainTumor.Protocol.Metrics;

namespace BrainTumor.Protocol.Tests.Metrics;

/// <summary>Every expected value is worked out by hand from the matrix in the test; the arithmetic is in the comments.</summary>
public class ClassificationMetricsTests
{
    private static readonly string[] Labels = ["meningioma", "glioma", "pituitary"];
    private const int Digits = 12;

    [Fact]
    public void A_three_class_matrix_gives_the_hand_computed_rates()
    {
        //           predicted  M   G   P   row (support)
        // true M               7   2   1   10
        // true G               1  15   2   18
        // true P               0   1  11   12
        // column               8  18  14   total 40, diagonal 33
        var m = ClassificationMetrics.Compute(new ConfusionMatrix(Labels, [[7, 2, 1], [1, 15, 2], [0, 1, 11]]));

        Assert.Equal(33.0 / 40, m.Accuracy, Digits); // 0.825

        // M: TP 7, FP 8-7 = 1, FN 10-7 = 3, TN 40-7-1-3 = 29
        AssertClass(m.PerClass["meningioma"], precision: 7.0 / 8, recall: 7.0 / 10, specificity: 29.0 / 30, f1: 14.0 / (14 + 1 + 3), support: 10);
        // G: TP 15, FP 18-15 = 3, FN 18-15 = 3, TN 40-15-3-3 = 19
        AssertClass(m.PerClass["glioma"], precision: 15.0 / 18, recall: 15.0 / 18, specificity: 19.0 / 22, f1: 30.0 / (30 + 3 + 3), support: 18);
        // P: TP 11, FP 14-11 = 3, FN 12-11 = 1, TN 40-11-3-1 = 25
        AssertClass(m.PerClass["pituitary"], precision: 11.0 / 14, recall: 11.0 / 12, specificity: 25.0 / 28, f1: 22.0 / (22 + 3 + 1), support: 12);

        // Macro: unweighted means of the three classes.
        Assert.Equal((7.0 / 8 + 15.0 / 18 + 11.0 / 14) / 3, m.Macro.Precision, Digits); // 0.831349
        Assert.Equal((7.0 / 10 + 15.0 / 18 + 11.0 / 12) / 3, m.Macro.Recall, Digits);   // 0.816667
        Assert.Equal((29.0 / 30 + 19.0 / 22 + 25.0 / 28) / 3, m.Macro.Specificity, Digits);
        Assert.Equal((14.0 / 18 + 30.0 / 36 + 22.0 / 26) / 3, m.Macro.F1, Digits);
        Assert.Null(m.Macro.Auc); // no scores given
        Assert.Equal(["meningioma", "glioma", "pituitary"], m.PerClass.Keys);
    }

    [Fact]
    public void A_class_never_predicted_has_precision_zero_not_nan()
    {
        //           predicted  M   G   P   row
        // true M               4   1   0    5
        // true G               2   6   0    8
        // true P               1   2   0    3
        // column               7   9   0   total 16, diagonal 10
        var m = ClassificationMetrics.Compute(new ConfusionMatrix(Labels, [[4, 1, 0], [2, 6, 0], [1, 2, 0]]));

        Assert.Equal(10.0 / 16, m.Accuracy, Digits);
        // P: TP 0, FP 0, FN 3, TN 13. Precision 0/0 -> 0 (zero_division=0); recall 0/3; specificity 13/13;
        // F1 = 2*0 / (0 + 0 + 3) = 0.
        AssertClass(m.PerClass["pituitary"], precision: 0, recall: 0, specificity: 1, f1: 0, support: 3);
        // M: TP 4, FP 3, FN 1, TN 16-4-3-1 = 8
        AssertClass(m.PerClass["meningioma"], precision: 4.0 / 7, recall: 4.0 / 5, specificity: 8.0 / 11, f1: 8.0 / 12, support: 5);
        // G: TP 6, FP 3, FN 2, TN 16-6-3-2 = 5
        AssertClass(m.PerClass["glioma"], precision: 6.0 / 9, recall: 6.0 / 8, specificity: 5.0 / 8, f1: 12.0 / 17, support: 8);
        // The zero counts in the macro average, as in scikit-learn.
        Assert.Equal((4.0 / 7 + 6.0 / 9 + 0) / 3, m.Macro.Precision, Digits);
    }

    [Fact]
    public void A_class_absent_from_the_truth_has_recall_zero_and_no_auc()
    {
        //           predicted  M   G   P   row
        // true M               3   1   0    4
        // true G               0   0   0    0   <- no glioma in this set
        // true P               0   1   5    6
        // column               3   2   5   total 10, diagonal 8
        var matrix = new ConfusionMatrix(Labels, [[3, 1, 0], [0, 0, 0], [0, 1, 5]]);
        var scores = new ClassScores(
            [0, 0, 0, 0, 2, 2, 2, 2, 2, 2],
            [[.9, .1, 0], [.8, .1, .1], [.7, .2, .1], [.3, .6, .1], [0, .2, .8], [0, .3, .7], [.1, .2, .7], [.2, .2, .6], [.1, .3, .6], [.1, .5, .4]]);
        var m = ClassificationMetrics.Compute(matrix, scores);

        Assert.Equal(8.0 / 10, m.Accuracy, Digits);
        // G: TP 0, FP 2, FN 0, TN 8. Precision 0/2, recall 0/0 -> 0, specificity 8/10, F1 0/(0+2+0) = 0.
        AssertClass(m.PerClass["glioma"], precision: 0, recall: 0, specificity: 8.0 / 10, f1: 0, support: 0);
        Assert.Null(m.PerClass["glioma"].Auc);  // no positives: undefined
        // M scores: positives .9 .8 .7 .3 against negatives 0 0 .1 .2 .1 .1: every positive is higher -> 1.
        Assert.Equal(1.0, m.PerClass["meningioma"].Auc!.Value, Digits);
        Assert.Null(m.Macro.Auc);                // one class undefined -> the macro is too
    }

    [Fact]
    public void A_class_neither_present_nor_predicted_is_all_zeros_but_specificity_one()
    {
        // G row and column empty: TP 0, FP 0, FN 0, TN 10. Precision, recall, F1 are 0/0 -> 0; specificity 10/10.
        var m = ClassificationMetrics.Compute(new ConfusionMatrix(Labels, [[4, 0, 0], [0, 0, 0], [0, 0, 6]]));
        AssertClass(m.PerClass["glioma"], precision: 0, recall: 0, specificity: 1, f1: 0, support: 0);
        Assert.Equal(1.0, m.Accuracy);
    }

    [Fact]
    public void A_perfect_classifier_scores_one_everywhere()
    {
        var truth = new[] { 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 2 };
        var scores = new ClassScores(truth, [.. truth.Select(t => (IReadOnlyList<double>)[.. Enumerable.Range(0, 3).Select(k => k == t ? 0.8 : 0.1)])]);
        var m = ClassificationMetrics.Compute(Labels, truth, truth, scores);

        Assert.Equal(1.0, m.Accuracy);
        foreach (var c in m.PerClass.Values)
            AssertClass(c, precision: 1, recall: 1, specificity: 1, f1: 1, support: c.Support, auc: 1);
        Assert.Equal([3, 4, 5], m.PerClass.Values.Select(c => c.Support));
        Assert.Equal(1.0, m.Macro.Auc);
    }

    [Fact]
    public void One_vs_rest_auc_with_tied_scores_matches_the_hand_computation()
    {
        // item truth  scores (M, G, P)   predicted
        //  0    M     .6  .3  .1          M
        //  1    M     .4  .4  .2          M (tie between M and G, the trainer took the first)
        //  2    G     .4  .5  .1          G
        //  3    G     .2  .3  .5          P
        //  4    P     .1  .2  .7          P
        //  5    P     .4  .1  .5          P
        int[] truth = [0, 0, 1, 1, 2, 2];
        int[] predicted = [0, 0, 1, 2, 2, 2];
        var scores = new ClassScores(truth, [[.6, .3, .1], [.4, .4, .2], [.4, .5, .1], [.2, .3, .5], [.1, .2, .7], [.4, .1, .5]]);
        var m = ClassificationMetrics.Compute(Labels, truth, predicted, scores);

        // M column: positives .6 .4, negatives .4 .2 .1 .4.
        //   pairs: .6 beats all 4 -> 4; .4 ties two .4s (2 x 1/2) and beats .2 .1 -> 3; AUC = 7/8.
        //   ranks: .1->1, .2->2, the three .4s share (3+4+5)/3 = 4, .6->6; positives 6 + 4 = 10;
        //   U = 10 - 2*3/2 = 7, AUC = 7 / (2*4) = 0.875.
        Assert.Equal(0.875, m.PerClass["meningioma"].Auc!.Value, Digits);
        // G column: positives .5 .3, negatives .3 .4 .2 .1.
        //   ranks: .1->1, .2->2, the two .3s share 3.5, .4->5, .5->6; positives 6 + 3.5 = 9.5;
        //   U = 9.5 - 3 = 6.5, AUC = 6.5/8 = 0.8125.
        Assert.Equal(0.8125, m.PerClass["glioma"].Auc!.Value, Digits);
        // P column: positives .7 .5, negatives .1 .2 .1 .5.
        //   ranks: the two .1s share 1.5, .2->3, the two .5s share 4.5, .7->6; positives 6 + 4.5 = 10.5;
        //   U = 10.5 - 3 = 7.5, AUC = 7.5/8 = 0.9375.
        Assert.Equal(0.9375, m.PerClass["pituitary"].Auc!.Value, Digits);
        Assert.Equal((0.875 + 0.8125 + 0.9375) / 3, m.Macro.Auc!.Value, Digits); // 0.875
        // Predictions: one glioma taken for pituitary, so accuracy 5/6 while AUC is below 1 for all.
        Assert.Equal(5.0 / 6, m.Accuracy, Digits);
    }

    [Fact]
    public void Scores_must_describe_the_items_of_the_matrix()
    {
        var matrix = new ConfusionMatrix(Labels, [[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
        var twoOfClassZero = new ClassScores([0, 0, 2], [[1, 0, 0], [1, 0, 0], [0, 0, 1]]);
        var twoColumns = new ClassScores([0, 1, 1], [[1, 0], [0, 1], [0, 1]]);
        Assert.Contains("different items", Assert.Throws<ArgumentException>(() => ClassificationMetrics.Compute(matrix, twoOfClassZero)).Message);
        Assert.Contains("2 classes", Assert.Throws<ArgumentException>(() => ClassificationMetrics.Compute(matrix, twoColumns)).Message);
    }

    [Fact]
    public void An_empty_matrix_is_refused_rather_than_scored_zero()
    {
        var empty = new ConfusionMatrix(Labels, [[0, 0, 0], [0, 0, 0], [0, 0, 0]]);
        Assert.Contains("no items", Assert.Throws<ArgumentException>(() => ClassificationMetrics.Compute(empty)).Message);
    }

    private static void AssertClass(ClassMetrics c, double precision, double recall, double specificity, double f1, int support, double? auc = null)
    {
        Assert.Equal(precision, c.Precision, Digits);
        Assert.Equal(recall, c.Recall, Digits);
        Assert.Equal(recall, c.Sensitivity, Digits);
        Assert.Equal(specificity, c.Specificity, Digits);
        Assert.Equal(f1, c.F1, Digits);
        Assert.Equal(support, c.Support);
        if (auc is not null)
            Assert.Equal(auc.Value, c.Auc!.Value, Digits);
    }
}
