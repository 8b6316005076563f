using System.Diagnostics;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace BrainTumor.Hosting;

/// <summary>How long a starting client keeps trying to reach a gateway (<see cref="ClusterOptions.ClientConnectTimeout"/>).
/// Replaces Orleans' default of 15 growing retries (three minutes), too long for an operator's command.</summary>
internal sealed class ClientConnectRetry(TimeSpan patience) : IClientConnectionRetryFilter
{
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(1);
    private readonly Stopwatch sinceFirstFailure = new();

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not (ConnectionFailedException or OrleansMessageRejectionException)) return false;
        if (!sinceFirstFailure.IsRunning) sinceFirstFailure.Start();
        if (sinceFirstFailure.Elapsed + Pause > patience) return false;
        await Task.Delay(Pause, cancellationToken);
        return true;
    }
}
