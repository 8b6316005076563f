using BrainTumor.Learning.Training;
using BrainTumor.Protocol.Metrics;

namespace BrainTumor.Learning.Tests.Training;

[Collection(SeededTorchCollection.Name)]
public class TestTimeFlipsTests
{
    [Fact]
    public void Two_passes_average_their_probabilities_and_predict_from_the_mean()
    {
        var a = new EvaluationResult(0, 0.5, [0, 1], [0, 0], [[0.6, 0.4, 0.0], [0.5, 0.3, 0.2]]);
        var b = new EvaluationResult(0, 0.5, [0, 1], [1, 1], [[0.2, 0.8, 0.0], [0.1, 0.9, 0.0]]);
        var mean = Evaluation.Averaged(a, b);
        Assert.Equal([1, 1], mean.Predicted);
        Assert.Equal(0.5, mean.Accuracy);
        Assert.Equal([0.4, 0.6, 0.0], mean.Scores[0].Select(p => Math.Round(p, 12)));
        Assert.Equal((-Math.Log(0.4) - Math.Log(0.6)) / 2, mean.Loss, 12);
    }

    [Fact]
    public void With_flips_the_test_pass_is_the_mean_of_the_slices_and_their_mirrors()
    {
        var data = TinyTraining.Data();
        using var model = TinyTraining.Model();
        var recipe = TinyTraining.Recipe();
        var plain = Evaluation.Test(model, data, recipe, depth: 0, shared: null);
        var flipped = Evaluation.Test(model, data, recipe with { TestTimeFlips = true }, depth: 0, shared: null);
        Assert.NotEqual(plain.Scores, flipped.Scores);
        // The mirror pass alone, averaged with the plain one, is what the flipped test gives.
        var mirror = Evaluation.Run(model, new ImageInputs(data), data.Labels, data.Test, recipe.BatchSize, change: AugmentationDraw.Flipped);
        Assert.Equal(Evaluation.Averaged(plain, mirror).Scores, flipped.Scores);
    }
}
