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
    public static async Task<int> Run(Func<PlatformSession, Task<int>> body)
    {
        using var signals = TerminationSignals.Listen();
        try
        {
            int code;
            await using (var session = await PlatformSession.Open(signals.Requested))
                code = await body(session);
            return signals.Requested.IsCancellationRequested ? ExitCodes.Interrupted : code;
        }
        catch (Exception e)
        {
            return OperatorErrors.Report(e);
        }
    }
}
