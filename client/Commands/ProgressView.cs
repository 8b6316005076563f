using System.Globalization;
using BrainTumor.Contracts;

namespace BrainTumor.Client.Commands;

/// <summary>
/// Follows an experiment's events until it ends: on a terminal, one bar per running stage that is
/// redrawn in place; when output is redirected, one plain line per event.
/// </summary>
internal static class ProgressView
{
    /// <summary>Shows the events after <paramref name="afterSequence"/> (0: from the start) until the experiment ends.</summary>
    public static async Task<ExperimentInfo> Follow(IExperimentGrain experiment, long afterSequence = 0, CancellationToken cancellation = default)
    {
        var bars = !Console.IsOutputRedirected;
        await foreach (var e in experiment.WatchAsync(afterSequence, cancellation: cancellation))
        {
            if (bars && e.Epoch is { } epoch)
            {
                TerminalBar.Draw(Bar(e, epoch));
                continue;
            }
            TerminalBar.Close();
            Console.WriteLine(Line(e));
        }
        TerminalBar.Close();
        return (await experiment.GetInfo())!;
    }

    public static string Line(ExperimentEvent e) =>
        string.Create(CultureInfo.InvariantCulture, $"{e.Time:HH:mm:ss} {e.Message}");

    private static string Bar(ExperimentEvent e, EpochProgress epoch)
    {
        const int width = 24;
        var filled = (int)Math.Round(width * (double)epoch.Epoch / Math.Max(1, epoch.MaxEpochs));
        return string.Create(CultureInfo.InvariantCulture,
            $"fold {e.Fold} stage {e.Depth} [{new string('#', filled)}{new string('.', width - filled)}] epoch {epoch.Epoch}/{epoch.MaxEpochs}  validation accuracy {epoch.ValidationAccuracy:F4}   ");
    }
}
