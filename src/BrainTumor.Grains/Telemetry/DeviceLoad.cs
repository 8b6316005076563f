using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace BrainTumor.Grains.Telemetry;

/// <summary>
/// What each trainer of this silo is doing, for the device gauges: how many jobs wait and how long
/// the device has been busy. Trainers report changes; the meter reads it when it is collected.
/// </summary>
public sealed class DeviceLoad
{
    private readonly ConcurrentDictionary<string, Device> _devices = new();

    public void Queued(string device, int waiting) => Get(device).Waiting = waiting;

    public void Started(string device) => Get(device).Start();

    public void Ended(string device) => Get(device).End();

    public IEnumerable<Measurement<int>> QueueLengths() =>
        _devices.Select(d => new Measurement<int>(d.Value.Waiting, new KeyValuePair<string, object?>(TelemetryTags.Device, d.Key)));

    public IEnumerable<Measurement<double>> BusySeconds() =>
        _devices.Select(d => new Measurement<double>(d.Value.BusySeconds, new KeyValuePair<string, object?>(TelemetryTags.Device, d.Key)));

    private Device Get(string device) => _devices.GetOrAdd(device, _ => new Device());

    private sealed class Device
    {
        private readonly Lock _lock = new();
        private TimeSpan _finished;
        private long? _since;

        public volatile int Waiting;

        public double BusySeconds
        {
            get
            {
                lock (_lock)
                    return (_finished + (_since is { } s ? Stopwatch.GetElapsedTime(s) : TimeSpan.Zero)).TotalSeconds;
            }
        }

        public void Start()
        {
            lock (_lock)
                _since ??= Stopwatch.GetTimestamp();
        }

        public void End()
        {
            lock (_lock)
            {
                if (_since is { } s)
                    _finished += Stopwatch.GetElapsedTime(s);
                _since = null;
            }
        }
    }
}
