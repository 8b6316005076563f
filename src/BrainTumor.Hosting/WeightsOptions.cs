namespace BrainTumor.Hosting;

/// <summary>Section <c>BrainTumor:Weights</c> of appsettings.json.</summary>
public sealed class WeightsOptions
{
    public const string Section = "BrainTumor:Weights";

    /// <summary>Where pretrained weights files are looked up under their default names
    /// (<c>vgg19-dcbb9e9d.pth</c>); relative paths are taken from the working directory.</summary>
    public string Directory { get; set; } = "weights";
}
