using BrainTumor.Grains;
using BrainTumor.Learning.Backbones;
using Microsoft.Extensions.Configuration;

namespace BrainTumor.Hosting;

/// <summary>The grains' options from appsettings.json: <c>BrainTumor:Experiments</c>, plus the weights and imaging sections they share with the CLI.</summary>
public static class GrainHosting
{
    public static ISiloBuilder UseBrainTumorGrains(this ISiloBuilder silo, IConfiguration configuration)
    {
        var experiments = configuration.Bind<ExperimentOptions>(ExperimentOptions.Section);
        var weights = configuration.Bind<WeightsOptions>(WeightsOptions.Section);
        var imaging = configuration.Bind<ImagingOptions>(ImagingOptions.Section);
        if (experiments.DataRoots.Count == 0)
            throw new InvalidOperationException($"{BrainTumorConfiguration.FileName}, {ExperimentOptions.Section}:DataRoots: expected at least one folder experiments may read");
        if (experiments.WatchdogPeriod < TimeSpan.FromSeconds(1))
            throw new InvalidOperationException($"{BrainTumorConfiguration.FileName}, {ExperimentOptions.Section}:WatchdogPeriod: {experiments.WatchdogPeriod} is too short; expected at least 00:00:01");
        if (experiments.CheckpointInterval < TimeSpan.Zero)
            throw new InvalidOperationException($"{BrainTumorConfiguration.FileName}, {ExperimentOptions.Section}:CheckpointInterval: {experiments.CheckpointInterval} is negative; expected 00:00:00 (every epoch) or longer");
        var unknown = experiments.PreloadBackbones.FirstOrDefault(name => !BackboneRegistry.Names.Contains(name, StringComparer.Ordinal));
        if (unknown is not null)
            throw new InvalidOperationException($"{BrainTumorConfiguration.FileName}, {ExperimentOptions.Section}:PreloadBackbones: unknown backbone '{unknown}'; known: {string.Join(", ", BackboneRegistry.Names)}");
        return silo.AddBrainTumorGrains(options =>
        {
            options.ArtifactsDirectory = experiments.ArtifactsDirectory;
            options.DataRoots = experiments.DataRoots;
            options.WatchdogPeriod = experiments.WatchdogPeriod;
            options.SharedFeaturesMiB = experiments.SharedFeaturesMiB;
            options.CheckpointInterval = experiments.CheckpointInterval;
            options.PreloadBackbones = experiments.PreloadBackbones;
            options.CpuThreads = experiments.CpuThreads;
            options.WeightsDirectory = weights.Directory;
            options.CacheDirectory = imaging.CacheDirectory;
            options.ImagingLimits = imaging.Limits;
        });
    }
}
