using Microsoft.Extensions.Logging;

namespace BrainTumor.Grains.Devices;

/// <summary>
/// When the silo is up: registers its trainers (one per device) with the device directory, then
/// wakes the experiments that were running, so a restarted silo carries on where it stopped.
/// </summary>
public sealed class SiloStartup(IGrainFactory grains, ILocalSiloDetails silo, DeviceWorkers workers, ILogger<SiloStartup> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SiloStartup), ServiceLifecycleStage.Active, OnActive);

    private async Task OnActive(CancellationToken cancellation)
    {
        var keys = workers.Devices.Select(d => TrainerKeys.Of(silo.SiloAddress, d)).ToList();
        await grains.GetGrain<IDeviceDirectoryGrain>(0).Register(silo.SiloAddress.ToParsableString(), keys);
        logger.LogInformation("Trainers registered: {Trainers}", string.Join(", ", keys));
        // Not awaited: waking experiments calls other grains and must not hold up the silo's start.
        _ = Task.Run(async () =>
        {
            try
            {
                var woken = await grains.GetGrain<IExperimentRegistryGrain>(0).WakeAll();
                if (woken > 0)
                    logger.LogInformation("{Count} running experiment(s) woken", woken);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Waking running experiments failed; their watchdog reminders will retry");
            }
        }, cancellation);
    }
}
