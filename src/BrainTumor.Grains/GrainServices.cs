using BrainTumor.Grains.Devices;
using BrainTumor.Grains.Telemetry;
using BrainTumor.Grains.Training;
using BrainTumor.Imaging.Reading;
using BrainTumor.Learning.Backbones;
using BrainTumor.Learning.Jobs;
using BrainTumor.Learning.Runtime;
using BrainTumor.Learning.Training;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BrainTumor.Grains;

public static class GrainServices
{
    /// <summary>
    /// What the grains need in a silo: this silo's devices and their threads, the job runner, the thread of spec checks, the trainer
    /// placement, the startup that registers the devices and the shutdown that stops their training. The options they read
    /// (<see cref="ExperimentsOptions"/>, <see cref="WeightsOptions"/>, <see cref="ImagingOptions"/>) are
    /// the host's to register, each from its own section.
    /// </summary>
    public static ISiloBuilder AddBrainTumorGrains(this ISiloBuilder silo)
    {
        silo.Services.AddSingleton(_ => new DeviceWorkers(TorchRuntime.TrainingDevices()));
        silo.Services.AddSingleton(sp => new FrozenFeatureStore((long)sp.GetRequiredService<IOptions<ExperimentsOptions>>().Value.SharedFeaturesMiB << 20));
        silo.Services.AddSingleton(NewStageJobRunner);
        silo.Services.AddSingleton<StageJobExecutor>();
        silo.Services.AddSingleton<CheckWorker>();
        silo.Services.AddSingleton<DeviceLoad>();
        silo.Services.AddSingleton<BrainTumorMetrics>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SiloStartup>();
        silo.Services.AddSingleton<TrainingShutdown>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<TrainingShutdown>());
        silo.AddPlacementDirector<DevicePlacement, DevicePlacementDirector>();
        return silo;
    }

    /// <summary>
    /// Learning's job runner with this silo's settings (<see cref="ExperimentsOptions"/>, <see cref="WeightsOptions"/>,
    /// <see cref="ImagingOptions"/>), its shared frozen features and every <see cref="IStageHook"/> registered with its services.
    /// </summary>
    public static StageJobRunner NewStageJobRunner(IServiceProvider services)
    {
        var experiments = services.GetRequiredService<IOptions<ExperimentsOptions>>().Value;
        var imaging = services.GetRequiredService<IOptions<ImagingOptions>>().Value;
        var settings = new StageJobSettings(experiments.CpuThreads, experiments.CheckpointInterval,
            services.GetRequiredService<IOptions<WeightsOptions>>().Value.Directory, imaging.Limits, imaging.CacheDirectory);
        return new StageJobRunner(settings, services.GetRequiredService<FrozenFeatureStore>(), services.GetServices<IStageHook>());
    }
}
