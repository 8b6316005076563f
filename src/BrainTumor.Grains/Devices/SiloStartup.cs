using System.Diagnostics;
using BrainTumor.Learning.Backbones;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BrainTumor.Grains.Devices;

/// <summary>
/// When the silo starts: preloads the configured backbones in the background; when it is up:
/// registers its trainers (one per device) with the device directory, then wakes the experiments
/// that were running, so a restarted silo carries on where it stopped (unless <see cref="ExperimentsOptions.ResumeRunning"/> is off).
/// </summary>
public sealed class SiloStartup(IGrainFactory grains, ILocalSiloDetails silo, DeviceWorkers workers, IOptions<ExperimentsOptions> options,
    ILogger<SiloStartup> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle)
    {
        lifecycle.Subscribe(nameof(SiloStartup), ServiceLifecycleStage.First, OnFirst);
        lifecycle.Subscribe(nameof(SiloStartup), ServiceLifecycleStage.Active, OnActive);
    }

    /// <summary>Not awaited: the silo starts meanwhile, and a job that needs a backbone still being read waits for it.</summary>
    private Task OnFirst(CancellationToken cancellation)
    {
        foreach (var name in options.Value.PreloadBackbones)
            _ = Task.Run(() =>
            {
                var watch = Stopwatch.StartNew();
                try
                {
                    BackboneRegistry.Get(name).Preload();
                    logger.LogInformation("Backbone {Backbone} preloaded in {Seconds:F1} s", name, watch.Elapsed.TotalSeconds);
                }
                catch (Exception e)
                {
                    logger.LogWarning("Backbone {Backbone} could not be preloaded ({Error}); experiments on it will say why", name, e.Message);
                }
            }, cancellation);
        return Task.CompletedTask;
    }

    private async Task OnActive(CancellationToken cancellation)
    {
        var keys = workers.Devices.Select(d => TrainerKeys.Of(silo.SiloAddress, d)).ToList();
        await grains.GetGrain<IDeviceDirectoryGrain>(0).Register(silo.SiloAddress.ToParsableString(), keys);
        logger.LogInformation("Trainers registered: {Trainers}", string.Join(", ", keys));
        if (!options.Value.ResumeRunning)
            return; // a silo that only answers reads: experiments left running stay as they are
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
