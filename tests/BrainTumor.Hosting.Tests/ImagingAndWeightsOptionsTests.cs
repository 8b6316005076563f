using BrainTumor.Imaging.Reading;
using BrainTumor.Learning.Backbones;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace BrainTumor.Hosting.Tests;

/// <summary>The two sections the CLI and the grains share: refused values name their key.</summary>
public class ImagingAndWeightsOptionsTests
{
    [Fact]
    public void The_repository_settings_are_accepted_as_written()
    {
        var configuration = BrainTumorConfiguration.Load(TestPaths.RepoRoot);
        var imaging = configuration.Read<ImagingOptions, ImagingOptionsValidator>(ImagingOptions.Section);
        var weights = configuration.Read<WeightsOptions, WeightsOptionsValidator>(WeightsOptions.Section);

        Assert.Equal((".cache/preprocessed", 16777216L, 67108864L), (imaging.CacheDirectory, imaging.MaxPixels, imaging.MaxFileBytes));
        Assert.Equal("weights", weights.Directory);
    }

    [Theory]
    [InlineData("CacheDirectory", "", "appsettings.json, BrainTumor:Imaging:CacheDirectory: must name the folder of the preprocessed-slice cache")]
    [InlineData("MaxPixels", "0", "appsettings.json, BrainTumor:Imaging:MaxPixels: 0 is not a bound; expected a positive number")]
    [InlineData("MaxFileBytes", "-1", "appsettings.json, BrainTumor:Imaging:MaxFileBytes: -1 is not a bound; expected a positive number")]
    public void Impossible_imaging_values_are_refused_naming_the_key(string key, string value, string expected) =>
        Assert.Equal(expected, Assert.Throws<OptionsValidationException>(
            () => Section(ImagingOptions.Section, key, value).Read<ImagingOptions, ImagingOptionsValidator>(ImagingOptions.Section)).Message);

    [Fact]
    public void An_empty_weights_directory_is_refused_naming_the_key() =>
        Assert.Equal("appsettings.json, BrainTumor:Weights:Directory: must name the folder of the weights files",
            Assert.Throws<OptionsValidationException>(
                () => Section(WeightsOptions.Section, "Directory", " ").Read<WeightsOptions, WeightsOptionsValidator>(WeightsOptions.Section)).Message);

    private static IConfigurationRoot Section(string section, string key, string value) =>
        new ConfigurationBuilder().AddInMemoryCollection([new($"{section}:{key}", value)]).Build();
}
