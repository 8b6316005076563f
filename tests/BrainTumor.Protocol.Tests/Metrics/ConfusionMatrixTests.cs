using BrainTumor.Protocol.Labels;
using BrainTumor.Protocol.Metrics;

namespace BrainTumor.Protocol.Tests.Metrics;

public class ConfusionMatrixTests
{
    [Fact]
    public void Pairs_of_tumour_classes_fill_rows_by_truth_and_columns_by_prediction_in_label_map_order()
    {
        var matrix = ConfusionMatrix.FromPairs(new[]
        {
            (TumorClass.Meningioma, TumorClass.Meningioma),
            (TumorClass.Meningioma, TumorClass.Glioma),
            (TumorClass.Glioma, TumorClass.Glioma),
            (TumorClass.Pituitary, TumorClass.Glioma),
            (TumorClass.Pituitary, TumorClass.Pituitary),
            (TumorClass.Pituitary, TumorClass.Pituitary),
        });

        Assert.Equal(["meningioma", "glioma", "pituitary"], matrix.Labels);
        Assert.Equal([[1, 1, 0], [0, 1, 0], [0, 1, 2]], matrix.Counts.Select(r => r.ToArray()).ToArray());
        Assert.Equal(6, matrix.Total);
        Assert.Equal(4, matrix.Correct);
        Assert.Equal(3, matrix.Actual(2));    // pituitary row: 0 + 1 + 2
        Assert.Equal(3, matrix.Predicted(1)); // glioma column: 1 + 1 + 1
    }

    [Fact]
    public void Counts_are_copied_so_the_matrix_cannot_change_under_its_metrics()
    {
        int[][] counts = [[1, 0], [0, 1]];
        var matrix = new ConfusionMatrix(["a", "b"], counts);
        counts[0][0] = 99;
        Assert.Equal(1, matrix[0, 0]);
    }

    [Fact]
    public void Sum_pools_folds_element_by_element()
    {
        var a = new ConfusionMatrix(["a", "b"], [[1, 2], [3, 4]]);
        var b = new ConfusionMatrix(["a", "b"], [[10, 20], [30, 40]]);
        Assert.Equal([[11, 22], [33, 44]], ConfusionMatrix.Sum([a, b]).Counts.Select(r => r.ToArray()).ToArray());
    }

    [Fact]
    public void Sum_refuses_matrices_over_other_classes_and_an_empty_list()
    {
        var a = new ConfusionMatrix(["a", "b"], [[1, 0], [0, 1]]);
        var b = new ConfusionMatrix(["b", "a"], [[1, 0], [0, 1]]);
        Assert.Contains("different classes", Assert.Throws<ArgumentException>(() => ConfusionMatrix.Sum([a, b])).Message);
        Assert.Throws<ArgumentException>(() => ConfusionMatrix.Sum([]));
    }

    [Fact]
    public void Malformed_counts_and_labels_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new ConfusionMatrix(["a", "b"], [[1, 0]]));
        Assert.Throws<ArgumentException>(() => new ConfusionMatrix(["a", "b"], [[1, 0], [0]]));
        Assert.Throws<ArgumentException>(() => new ConfusionMatrix(["a", "b"], [[1, -1], [0, 1]]));
        Assert.Throws<ArgumentException>(() => new ConfusionMatrix(["a", "a"], [[1, 0], [0, 1]]));
        Assert.Throws<ArgumentException>(() => new ConfusionMatrix([], []));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConfusionMatrix.FromPairs(["a", "b"], [(0, 2)]));
    }
}
