namespace BrainTumor.Learning.Backbones;

/// <summary>Section <c>BrainTumor:Weights</c> of appsettings.json, read by the CLI and the grains alike.</summary>
public sealed class WeightsOptions
{
    public const string Section = "BrainTumor:Weights";

    /// <summary>Where pretrained weights files are looked up under their default names
    /// (<c>vgg19-dcbb9e9d.pth</c>), and under which named weights files must lie; relative paths are
    /// taken from the working directory.</summary>
    public string Directory { get; set; } = "weights";
}
