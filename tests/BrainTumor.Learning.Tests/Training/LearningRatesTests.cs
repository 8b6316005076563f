using BrainTumor.Learning.Training;

namespace BrainTumor.Learning.Tests.Training;

public class LearningRatesTests
{
    [Fact]
    public void Constant_keeps_every_step_at_the_full_rate()
    {
        var recipe = new TrainingRecipe { MaxEpochs = 4 };
        Assert.All(Enumerable.Range(0, 8), step => Assert.Equal(1.0, LearningRates.Factor(recipe, step, 8)));
    }

    [Fact]
    public void Cosine_warms_up_linearly_then_falls_by_half_a_cosine_to_zero_at_the_last_possible_step()
    {
        // 4 epochs of 2 steps, 1 warm-up epoch (2 steps): 1/3, 2/3, then 0.5 (1 + cos(pi (s - 2) / 6)).
        var recipe = new TrainingRecipe { MaxEpochs = 4, Schedule = LearningRateSchedule.Cosine, WarmupEpochs = 1 };
        double[] expected = [1 / 3.0, 2 / 3.0, 1, 0.5 * (1 + Math.Cos(Math.PI / 6)), 0.75, 0.5, 0.25, 0.5 * (1 + Math.Cos(5 * Math.PI / 6))];
        var factors = Enumerable.Range(0, 8).Select(step => LearningRates.Factor(recipe, step, 8)).ToArray();
        Assert.Equal(expected, factors, new Close());
        // Without warm-up the first step is at the full rate.
        Assert.Equal(1.0, LearningRates.Factor(recipe with { WarmupEpochs = 0 }, 0, 8));
    }

    private sealed class Close : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-12;

        public int GetHashCode(double obj) => 0;
    }
}
