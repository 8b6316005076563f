namespace BrainTumor.Learning.Training;

/// <summary>
/// The schedule's factor on every group's rate at a step of a stage: a pure function of the step,
/// so a resumed stage continues the schedule where it stopped without saving anything.
/// </summary>
public static class LearningRates
{
    /// <summary>The factor at step <paramref name="step"/> (from 0) of a stage of at most <paramref name="steps"/> steps.</summary>
    public static double Factor(TrainingRecipe recipe, int step, int steps)
    {
        if (recipe.Schedule == LearningRateSchedule.Constant || steps <= 0)
            return 1;
        var perEpoch = (double)steps / recipe.MaxEpochs;
        var warmup = Math.Min(recipe.WarmupEpochs * perEpoch, steps - 1);
        // Warm-up ends at the full rate; the cosine then falls to zero at the stage's last possible step.
        if (step < warmup)
            return (step + 1) / (warmup + 1);
        var progress = (step - warmup) / Math.Max(1, steps - warmup);
        return 0.5 * (1 + Math.Cos(Math.PI * progress));
    }
}
