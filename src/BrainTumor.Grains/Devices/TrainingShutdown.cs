using Microsoft.Extensions.Logging;

namespace BrainTumor.Grains.Devices;

/// <summary>
/// The silo's stop as its trainers see it (Ctrl+C or SIGTERM on the silo host, the CLI closing its embedded silo):
/// as the silo leaves its active stage, before any grain is deactivated, every stage training here is cancelled
/// and saves itself between two batches (<see cref="Learning.Training.StageTrainer.Cancellation"/>), and the stop
/// waits for the device threads to finish. The stage grains are not told: their stages stay running in grain
/// storage, so the next silo resumes them from those checkpoints, as after a crash but without losing a batch.
/// </summary>
public sealed class TrainingShutdown(DeviceWorkers workers, ILogger<TrainingShutdown> logger) : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Cancelled once the silo begins to stop: every job a trainer runs is linked to it.</summary>
    public CancellationToken Stopping => _stopping.Token;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(TrainingShutdown), ServiceLifecycleStage.Active, _ => Task.CompletedTask, Stop);

    private async Task Stop(CancellationToken cancellation)
    {
        await _stopping.CancelAsync();
        try
        {
            await workers.Idle().WaitAsync(cancellation);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout ran out first: the stage resumes from its last saved epoch instead.
            logger.LogWarning("The silo stopped before its trainers had saved their stages; those resume from their last checkpoints");
        }
    }

    public void Dispose() => _stopping.Dispose();
}
