namespace BrainTumor.Contracts;

/// <summary>What a <see cref="StageJob"/> does: train a stage of the ladder, or evaluate the chosen depth on the fold's test part.</summary>
[GenerateSerializer, Alias("BrainTumor.StageJobKind")]
public enum StageJobKind
{
    Train,
    Test,
}
