using BrainTumor.Grains;
using BrainTumor.Learning.Backbones;

namespace BrainTumor.Hosting;

/// <summary>Checks <see cref="ExperimentsOptions"/>; every failure names its key.</summary>
public sealed class ExperimentsOptionsValidator() : SectionValidator<ExperimentsOptions>(ExperimentsOptions.Section)
{
    protected internal override IEnumerable<string> Failures(ExperimentsOptions o)
    {
        if (string.IsNullOrWhiteSpace(o.ArtifactsDirectory))
            yield return Failure(nameof(o.ArtifactsDirectory), "must name the folder of the run folders");
        if (o.DataRoots.Count == 0)
            yield return Failure(nameof(o.DataRoots), "expected at least one folder experiments may read");
        if (o.WatchdogPeriod < TimeSpan.FromSeconds(1))
            yield return Failure(nameof(o.WatchdogPeriod), $"{o.WatchdogPeriod} is too short; expected at least 00:00:01");
        if (o.SharedFeaturesMiB < 0)
            yield return Failure(nameof(o.SharedFeaturesMiB), $"{o.SharedFeaturesMiB} is negative; expected 0 (no sharing) or more");
        if (o.CheckpointInterval < TimeSpan.Zero)
            yield return Failure(nameof(o.CheckpointInterval), $"{o.CheckpointInterval} is negative; expected 00:00:00 (every epoch) or longer");
        if (o.PreloadBackbones.FirstOrDefault(b => !BackboneRegistry.Names.Contains(b, StringComparer.Ordinal)) is { } unknown)
            yield return Failure(nameof(o.PreloadBackbones), $"unknown backbone '{unknown}'; known: {string.Join(", ", BackboneRegistry.Names)}");
        if (o.CpuThreads is < 1)
            yield return Failure(nameof(o.CpuThreads), $"{o.CpuThreads} is not a thread count; expected 1 or more, or null for one per core");
    }
}
