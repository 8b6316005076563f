using System.Runtime.InteropServices;

namespace BrainTumor.Client.Platform;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM for a command: the first one cancels <see cref="Requested"/> and the command winds
/// down (a watcher detaches, an embedded silo stops its training at a batch boundary); a second one is left to the
/// signal's default, which ends the process at once (exit status 130 for Ctrl+C, 143 for SIGTERM).
/// </summary>
/// <remarks>
/// The command owns these signals, not the generic host: the host's console lifetime took them to stop an
/// application that the CLI never waits on, so both were swallowed (<see cref="CommandLifetime"/>).
/// </remarks>
internal sealed class TerminationSignals : IDisposable
{
    private readonly CancellationTokenSource _requested = new();
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;
    private int _received;

    private TerminationSignals()
    {
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Received);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Received);
    }

    public static TerminationSignals Listen() => new();

    /// <summary>Cancelled by the first Ctrl+C or SIGTERM.</summary>
    public CancellationToken Requested => _requested.Token;

    private void Received(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _received) > 1)
            return; // not cancelled: the runtime ends the process as the signal says
        context.Cancel = true;
        _requested.Cancel();
    }

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _requested.Dispose();
    }
}
