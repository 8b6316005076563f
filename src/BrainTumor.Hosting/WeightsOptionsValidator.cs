using BrainTumor.Learning.Backbones;

namespace BrainTumor.Hosting;

/// <summary>Checks <see cref="WeightsOptions"/>; every failure names its key.</summary>
public sealed class WeightsOptionsValidator() : SectionValidator<WeightsOptions>(WeightsOptions.Section)
{
    protected internal override IEnumerable<string> Failures(WeightsOptions o)
    {
        if (string.IsNullOrWhiteSpace(o.Directory))
            yield return Failure(nameof(o.Directory), "must name the folder of the weights files");
    }
}
