namespace BrainTumor.Reports.Document;

/// <summary>
/// Where the time went: the experiment's wall time (start to finish, folds running side by side
/// on the devices), the summed time of its stages (cache filling included) and test passes, and per fold.
/// </summary>
public sealed record Timings(
    DateTimeOffset Created,
    DateTimeOffset? Finished,
    double? WallSeconds,
    double TrainingSeconds,
    double CacheBuildSeconds,
    double? TestSeconds,
    IReadOnlyList<FoldTimings> Folds);

/// <summary>One fold's stages, epochs and seconds; <see cref="TestSeconds"/> null when the run did not record it.</summary>
public sealed record FoldTimings(
    int Fold,
    int Stages,
    int Epochs,
    double TrainingSeconds,
    double MeanEpochSeconds,
    double? TestSeconds);
