namespace BrainTumor.Grains.Devices;

/// <summary>
/// The silo's thread for the tensor work of checks made before an experiment starts (whether a
/// weights file fits its backbone builds the network): off the grain scheduler like a trainer's
/// thread, but its own, so a check never waits behind a training stage that holds a device's thread
/// for minutes.
/// </summary>
public sealed class CheckWorker : IDisposable
{
    public const string ThreadName = "spec checks";

    private readonly DeviceWorker _thread = new("checks", ThreadName);

    /// <summary>Runs <paramref name="check"/> on the check thread; its exception, if any, is the task's.</summary>
    public Task Run(Action check) => _thread.Run(() =>
    {
        check();
        return true;
    });

    public void Dispose() => _thread.Dispose();
}
