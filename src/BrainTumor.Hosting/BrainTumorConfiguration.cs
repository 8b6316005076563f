using Microsoft.Extensions.Configuration;

namespace BrainTumor.Hosting;

/// <summary>
/// Reads <c>appsettings.json</c> from the program's folder, then environment variables
/// (<c>BrainTumor__Imaging__CacheDirectory=...</c>), later sources winning.
/// </summary>
public static class BrainTumorConfiguration
{
    public const string FileName = "appsettings.json";

    public static IConfigurationRoot Load(string? directory = null) =>
        new ConfigurationBuilder()
            .SetBasePath(directory ?? AppContext.BaseDirectory)
            .AddJsonFile(FileName, optional: false, reloadOnChange: false)
            .AddEnvironmentVariables()
            .Build();
}
