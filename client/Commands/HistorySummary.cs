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
        var (last, count, finished, failed, decisions) = (0L, 0, 0, 0, 0);
        ExperimentEvent? latest = null;
        for (IReadOnlyList<ExperimentEvent> page; (page = await experiment.GetEvents(last)).Count > 0;)
            foreach (var e in page)
            {
                (last, count, latest) = (e.Sequence, count + 1, e.Kind == ExperimentEventKind.Epoch ? latest ?? e : e);
                finished += e.Kind == ExperimentEventKind.StageCompleted ? 1 : 0;
                failed += e.Kind == ExperimentEventKind.StageFailed ? 1 : 0;
                decisions += e.Kind == ExperimentEventKind.Decision ? 1 : 0;
            }
        if (latest is not null)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"history: {count} event(s) so far: {finished} stage(s) finished, {failed} failed, {decisions} supervisor decision(s); " +
                $"the last at {latest.Time:HH:mm:ss}: {latest.Message} (braintumor experiment show {id} has them all)"));
        return last;
    }
}
