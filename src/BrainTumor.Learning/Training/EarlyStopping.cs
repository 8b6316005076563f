using BrainTumor.Protocol.Runs;
namespace BrainTumor.Learning.Training;

/// <summary>Ends a stage once validation has not improved for <paramref name="patience"/> epochs in a row.</summary>
public sealed class EarlyStopping(int patience) : IStageHook
{
    public int Patience { get; } = patience;

    bool IStageHook.AfterValidation(StageContext stage, EpochRecord epoch) => stage.StaleEpochs >= Patience;
}
