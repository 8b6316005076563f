using BrainTumor.Client.Platform;
namespace BrainTumor.Client.Commands;

/// <summary>Commands that talk to the platform: open a session, run, report any error as one line and its exit code (<see cref="OperatorErrors"/>).</summary>
internal static class CliAsync
{
    public static async Task<int> Run(Func<PlatformSession, Task<int>> body)
    {
        try
        {
            await using var session = await PlatformSession.Open();
            return await body(session);
        }
        catch (Exception e)
        {
            return OperatorErrors.Report(e);
        }
    }
}
