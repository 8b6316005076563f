using BrainTumor.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace BrainTumor.Hosting.Tests;

/// <summary>In-memory configuration written as the <c>BrainTumor:Cluster</c> keys appsettings.json has.</summary>
public static class Settings
{
    public static IConfigurationRoot Cluster(params (string Key, string? Value)[] keys) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(keys.Select(k => new KeyValuePair<string, string?>($"{ClusterOptions.Section}:{k.Key}", k.Value)))
            // The silo hosts the experiment grains too, which need a folder they may read (these tests run no experiment).
            .AddInMemoryCollection([new("BrainTumor:Experiments:DataRoots:0", TestPaths.Sample)])
            .Build();

    public static IConfigurationRoot Cluster(IEnumerable<(string Key, string? Value)> keys) => Cluster(keys.ToArray());

    /// <summary>The cluster section as the hosts read it: bound and checked by <see cref="ClusterOptionsValidator"/>.</summary>
    public static ClusterOptions Read(IConfiguration configuration) => configuration.Read<ClusterOptions, ClusterOptionsValidator>(ClusterOptions.Section);

    /// <summary>The message of the configuration error <paramref name="keys"/> cause.</summary>
    public static string ErrorOf(params (string Key, string? Value)[] keys) =>
        Assert.Throws<OptionsValidationException>(() => Read(Cluster(keys))).Message;
}
