using BrainTumor.Protocol.Specs;

namespace BrainTumor.Learning.Jobs;

/// <summary>
/// One job of a device's trainer as <see cref="StageJobRunner"/> runs it: stage <see cref="Depth"/> of
/// fold <see cref="Fold"/> of the run in <see cref="RunFolder"/>, to train, test or refit
/// (<see cref="Kind"/>; a refit runs <see cref="RefitEpochs"/> epochs). Everything else it needs is in
/// the run folder. <see cref="Name"/> is how logs and errors name the job.
/// </summary>
public sealed record TrainerJob(string Name, int Fold, int Depth, TrainerJobKind Kind, ExperimentSpec Spec, string RunFolder, int RefitEpochs = 0)
{
    public override string ToString() => Name;
}
