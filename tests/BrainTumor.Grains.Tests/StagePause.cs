using BrainTumor.Learning.Training;

namespace BrainTumor.Grains.Tests;

/// <summary>
/// A stage hook of the test silo. Once armed, the first stage to reach the armed training batch holds that batch
/// on the device's thread until the stage is cancelled, then lets it run on; every batch that stage starts
/// afterwards is counted. Cancellation is checked before every batch, so a working trainer starts none.
/// </summary>
public sealed class StagePause : IStageHook
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(3);

    private readonly Lock _lock = new();
    private (int Epoch, int Batch)? _armed;
    private StageContext? _held;
    private int _startedAfterCancel;

    /// <summary>True while the held batch waits for its stage's cancellation.</summary>
    public bool Holding { get; private set; }

    /// <summary>How many batches the held stage started after its batch was let go.</summary>
    public int StartedAfterCancel
    {
        get { lock (_lock) return _startedAfterCancel; }
    }

    public void Arm(int epoch, int batch)
    {
        lock (_lock)
            (_armed, _held, _startedAfterCancel) = ((epoch, batch), null, 0);
    }

    void IStageHook.BatchStarting(StageContext stage, int epoch, int batch)
    {
        lock (_lock)
        {
            if (ReferenceEquals(stage, _held))
                _startedAfterCancel++;
            if (_held is not null || _armed != (epoch, batch))
                return;
            (_held, _armed) = (stage, null);
        }
        Holding = true;
        var cancelled = stage.Cancellation.WaitHandle.WaitOne(HangGuard);
        Holding = false;
        if (!cancelled)
            throw new TimeoutException($"stage {stage.Depth} held at epoch {epoch}, batch {batch} was not cancelled");
    }
}
