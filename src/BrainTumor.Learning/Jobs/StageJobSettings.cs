using BrainTumor.Imaging.Reading;

namespace BrainTumor.Learning.Jobs;

/// <summary>
/// How a silo's <see cref="StageJobRunner"/> trains: libtorch CPU threads of a CPU device (null for one
/// per core), the time between checkpoints, where default pretrained weights files are looked for, and
/// the limits and cache folder of the slices it reads. The host fills it from its configuration.
/// </summary>
public sealed record StageJobSettings(int? CpuThreads, TimeSpan CheckpointInterval, string WeightsDirectory, ImagingLimits Limits, string CacheDirectory);
