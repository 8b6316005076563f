using BrainTumor.Client.Platform;
using Microsoft.Extensions.Options;

namespace BrainTumor.Client.Commands;

/// <summary>Commands that talk to the platform: open a session, run, report errors a user can cause as one line.</summary>
internal static class CliAsync
{
    public static async Task<int> Run(Func<PlatformSession, Task<int>> body)
    {
        try
        {
            await using var session = await PlatformSession.Open();
            return await body(session);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException
                                       or InvalidOperationException or OptionsValidationException or KeyNotFoundException or OrleansException or TimeoutException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return CliOutput.Failure;
        }
    }
}
