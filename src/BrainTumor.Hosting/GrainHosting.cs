using BrainTumor.Grains;
using BrainTumor.Imaging.Reading;
using BrainTumor.Learning.Backbones;
using Microsoft.Extensions.Configuration;

namespace BrainTumor.Hosting;

/// <summary>The grains and the three sections they read as their options: <c>BrainTumor:Experiments</c>,
/// <c>BrainTumor:Weights</c> and <c>BrainTumor:Imaging</c> (the last two shared with the CLI). Each is
/// bound as it is written; no value is derived from another or overwritten.</summary>
public static class GrainHosting
{
    public static ISiloBuilder UseBrainTumorGrains(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.AddSection<ExperimentsOptions, ExperimentsOptionsValidator>(configuration, ExperimentsOptions.Section);
        silo.Services.AddSection<WeightsOptions, WeightsOptionsValidator>(configuration, WeightsOptions.Section);
        silo.Services.AddSection<ImagingOptions, ImagingOptionsValidator>(configuration, ImagingOptions.Section);
        return silo.AddBrainTumorGrains();
    }
}
