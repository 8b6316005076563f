using Microsoft.Extensions.Hosting;

namespace BrainTumor.Client.Platform;

/// <summary>
/// The lifetime of the CLI's host: it starts and stops when the command says and takes no signals, which the
/// command handles itself (<see cref="TerminationSignals"/>). The default console lifetime cancelled Ctrl+C and
/// SIGTERM to stop the application, and nothing in a command waits for that, so the signals did nothing.
/// </summary>
internal sealed class CommandLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
