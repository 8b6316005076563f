using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BrainTumor.Hosting.Tests;

/// <summary>A started silo or client host built by the hosting under test; disposing stops it.</summary>
public sealed class RunningHost : IAsyncDisposable
{
    private readonly IHost host;

    private RunningHost(IHost host) => this.host = host;

    public IClusterClient Cluster => host.Services.GetRequiredService<IClusterClient>();

    /// <summary>A silo's own address (<c>ip:port</c>), as grains report it.</summary>
    public string SiloEndpoint => host.Services.GetRequiredService<Orleans.Runtime.ILocalSiloDetails>().SiloAddress.Endpoint.ToString();

    public static Task<RunningHost> Silo(IConfiguration configuration) => Start(new HostBuilder().UseBrainTumorSilo(configuration));

    /// <summary>A silo whose host the test adds to first (a logger provider, say).</summary>
    public static Task<RunningHost> Silo(IConfiguration configuration, Action<IHostBuilder> also)
    {
        var builder = new HostBuilder();
        also(builder);
        return Start(builder.UseBrainTumorSilo(configuration));
    }

    public static Task<RunningHost> Client(IConfiguration configuration) => Start(new HostBuilder().UseBrainTumorClient(configuration));

    private static async Task<RunningHost> Start(IHostBuilder builder)
    {
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }
        return new RunningHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
