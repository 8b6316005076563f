using BrainTumor.Protocol.Runs;
namespace BrainTumor.Learning.Training;

/// <summary>The trainer's delegate properties (<see cref="StageTrainer.EpochCompleted"/>, <see cref="StageTrainer.BatchStarting"/>) as a hook.</summary>
internal sealed class CallbackHook(Action<EpochRecord>? epochFinished, Action<int, int>? batchStarting) : IStageHook
{
    void IStageHook.BatchStarting(StageContext stage, int epoch, int batch) => batchStarting?.Invoke(epoch, batch);

    void IStageHook.EpochFinished(StageContext stage, EpochRecord epoch) => epochFinished?.Invoke(epoch);
}
