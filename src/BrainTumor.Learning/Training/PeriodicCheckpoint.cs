using BrainTumor.Protocol.Runs;
namespace BrainTumor.Learning.Training;

/// <summary>
/// Saves the stage to <paramref name="path"/> after an epoch once <paramref name="interval"/> has passed on
/// <paramref name="clock"/> since the stage started or was last saved: zero saves after every epoch, and a stage
/// shorter than the interval writes nothing.
/// </summary>
public sealed class PeriodicCheckpoint(string path, TimeSpan interval, TimeProvider clock) : IStageHook
{
    private long _lastSaved;

    void IStageHook.StageStarting(StageContext stage) => _lastSaved = clock.GetTimestamp();

    void IStageHook.EpochFinished(StageContext stage, EpochRecord epoch)
    {
        if (clock.GetElapsedTime(_lastSaved) < interval)
            return;
        stage.SaveCheckpoint(path);
        _lastSaved = clock.GetTimestamp();
    }
}
