namespace BrainTumor.Contracts;

/// <summary>What a <see cref="StageJob"/> does: train a stage of the ladder, evaluate the chosen depth on the fold's test part, or train a kept stage again on the training and validation parts (a refit).</summary>
[GenerateSerializer, Alias("BrainTumor.StageJobKind")]
public enum StageJobKind
{
    Train,
    Test,
    Refit,
}
