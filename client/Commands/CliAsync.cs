using BrainTumor.Client.Platform;
namespace BrainTumor.Client.Commands;

/// <summary>
/// Commands that talk to the platform: open a session, run, report any error as one line and its exit code
/// (<see cref="OperatorErrors"/>). The first Ctrl+C or SIGTERM reaches the body as <see cref="PlatformSession.Interrupted"/>;
/// the session then closes (an embedded silo stops its training at a batch boundary) and the command exits with 130;
/// a second one ends it at once.
/// </summary>
internal static class CliAsync
{
    /// <summary>A command that reads or cancels: a silo it hosts trains nothing, not even experiments left running.</summary>
    public static Task<int> Run(Func<PlatformSession, Task<int>> body) => Run(body, trains: false);

    /// <summary>A command that trains (start, resume, watch, demo): a silo it hosts also carries on experiments left running.</summary>
    public static Task<int> Train(Func<PlatformSession, Task<int>> body) => Run(body, trains: true);

    private static async Task<int> Run(Func<PlatformSession, Task<int>> body, bool trains)
    {
        using var signals = TerminationSignals.Listen();
        try
        {
            int code;
            await using (var session = await PlatformSession.Open(signals.Requested, trains))
                code = await body(session);
            return signals.Requested.IsCancellationRequested ? ExitCodes.Interrupted : code;
        }
        catch (Exception e)
        {
            return OperatorErrors.Report(e);
        }
    }
}
