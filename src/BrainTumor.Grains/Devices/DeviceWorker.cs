using System.Collections.Concurrent;

namespace BrainTumor.Grains.Devices;

/// <summary>
/// The thread of one device: runs the work handed to it one item at a time, so no device ever runs
/// two jobs at once and training never blocks a grain's scheduler. TorchSharp's dispose scopes and
/// thread settings are per thread, which a dedicated thread keeps simple.
/// </summary>
public sealed class DeviceWorker : IDisposable
{
    private readonly BlockingCollection<Action> _work = [];
    private readonly Thread _thread;
    private Task _last = Task.CompletedTask;

    /// <param name="device">The device it runs the work of (<c>cpu</c>, <c>cuda:0</c>).</param>
    /// <param name="threadName">The thread's name, <c>trainer {device}</c> unless given.</param>
    public DeviceWorker(string device, string? threadName = null)
    {
        Device = device;
        _thread = new Thread(Loop) { IsBackground = true, Name = threadName ?? $"trainer {device}" };
        _thread.Start();
    }

    public string Device { get; }

    /// <summary>Runs <paramref name="work"/> on the device's thread; the task completes off that thread.</summary>
    public Task<T> Run<T>(Func<T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _last, done.Task);
        _work.Add(() =>
        {
            try
            {
                done.SetResult(work());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        });
        return done.Task;
    }

    /// <summary>Completes when the work handed over so far has run, whether it succeeded or not (items run in order: the last one ends last).</summary>
    public Task Idle => Volatile.Read(ref _last).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);

    private void Loop()
    {
        foreach (var work in _work.GetConsumingEnumerable())
            work();
    }

    public void Dispose() => _work.CompleteAdding();
}

/// <summary>The devices of this silo (every CUDA device, or the CPU), one worker each, for the silo's lifetime.</summary>
public sealed class DeviceWorkers : IDisposable
{
    private readonly Dictionary<string, DeviceWorker> _workers;

    public DeviceWorkers(IEnumerable<string> devices) =>
        _workers = devices.ToDictionary(d => d, d => new DeviceWorker(d));

    public IReadOnlyCollection<string> Devices => _workers.Keys;

    /// <summary>Completes when every device has run the work handed to it so far.</summary>
    public Task Idle() => Task.WhenAll(_workers.Values.Select(w => w.Idle));

    public DeviceWorker Get(string device) =>
        _workers.TryGetValue(device, out var worker) ? worker : throw new ArgumentException($"this silo has no device '{device}' (it has {string.Join(", ", _workers.Keys)})");

    public void Dispose()
    {
        foreach (var worker in _workers.Values)
            worker.Dispose();
    }
}
