namespace BrainTumor.Learning.Jobs;

/// <summary>What a <see cref="TrainerJob"/> does to its fold.</summary>
public enum TrainerJobKind
{
    /// <summary>Train a stage of the ladder on the training part, choosing its best epoch on the validation part.</summary>
    Train,

    /// <summary>Evaluate the chosen depth once on the test part.</summary>
    Test,

    /// <summary>Train a kept stage again on the training and validation parts together, for a set number of epochs.</summary>
    Refit,
}
