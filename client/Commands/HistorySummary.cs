using System.Globalization;
using BrainTumor.Contracts;

namespace BrainTumor.Client.Commands;

/// <summary>
/// What an experiment did before this command, as one line instead of a replay of every event
/// (<c>resume</c> follows only what happens from then on; <c>experiment show</c> has the details).
/// </summary>
internal static class HistorySummary
{
    /// <summary>Reads the events logged so far, prints their summary (nothing for a new experiment) and gives the last one's sequence number.</summary>
    public static async Task<long> Print(IExperimentGrain experiment, string id)
    {
        var events = new List<ExperimentEvent>();
        for (IReadOnlyList<ExperimentEvent> page; (page = await experiment.GetEvents(events.Count > 0 ? events[^1].Sequence : 0)).Count > 0;)
            events.AddRange(page);
        if (events.Count == 0)
            return 0;
        int Count(ExperimentEventKind kind) => events.Count(e => e.Kind == kind);
        // The last event worth a line: an epoch's progress says less than the stage event before it.
        var latest = events.LastOrDefault(e => e.Kind != ExperimentEventKind.Epoch) ?? events[^1];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"history: {events.Count} event(s) so far: {Count(ExperimentEventKind.StageCompleted)} stage(s) finished, {Count(ExperimentEventKind.StageFailed)} failed, " +
            $"{Count(ExperimentEventKind.Decision)} supervisor decision(s); the last at {latest.Time:HH:mm:ss}: {latest.Message} (braintumor experiment show {id} has them all)"));
        return events[^1].Sequence;
    }
}
