using System.Runtime.CompilerServices;

namespace BrainTumor.Contracts;

/// <summary>Following an experiment from a client.</summary>
public static class ExperimentWatch
{
    /// <summary>
    /// The experiment's events as they happen, until it is completed, failed or cancelled. It polls
    /// <see cref="IExperimentGrain.GetEvents"/> rather than holding an observer, so it carries on
    /// across a silo restart or failover (the grain comes back on another activation).
    /// </summary>
    public static async IAsyncEnumerable<ExperimentEvent> WatchAsync(this IExperimentGrain experiment, long afterSequence = 0,
        TimeSpan? interval = null, [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        var last = afterSequence;
        while (true)
        {
            cancellation.ThrowIfCancellationRequested(); // also while events keep coming and no poll waits
            IReadOnlyList<ExperimentEvent> events;
            RunStatus? status;
            try
            {
                events = await experiment.GetEvents(last);
                status = events.Count == 0 ? (await experiment.GetInfo())?.Status : null;
            }
            catch (Exception e) when (e is TimeoutException or OrleansException && !cancellation.IsCancellationRequested)
            {
                // A silo restarting or failing over: try again after the interval.
                events = [];
                status = null;
            }
            foreach (var e in events)
            {
                last = e.Sequence;
                yield return e;
            }
            if (status is { } s && s.IsFinal())
                yield break;
            if (events.Count == 0)
                await Task.Delay(interval ?? TimeSpan.FromMilliseconds(500), cancellation);
        }
    }
}
