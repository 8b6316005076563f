using System.Net.Sockets;
using BrainTumor.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace BrainTumor.Client.Platform;

/// <summary>
/// The CLI's way into the platform: a client of the silo that appsettings.json names when one is
/// running, otherwise a silo hosted in this process on the same configuration (embedded mode), so
/// a fresh machine needs nothing started first. State is durable either way: what a hosted silo
/// leaves unfinished, the next silo resumes.
/// </summary>
internal sealed class PlatformSession : IAsyncDisposable
{
    private readonly IHost _host;

    private PlatformSession(IHost host, bool hostsSilo, CancellationToken interrupted)
    {
        _host = host;
        HostsSilo = hostsSilo;
        Interrupted = interrupted;
    }

    /// <summary>True when this process runs the silo (and its training) itself.</summary>
    public bool HostsSilo { get; }

    /// <summary>Cancelled by the operator's first Ctrl+C or a SIGTERM: what a command that follows an experiment watches.</summary>
    public CancellationToken Interrupted { get; }

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    /// <param name="trains">
    /// Whether a silo hosted here carries on experiments left running (start, resume, watch, demo); a command that
    /// only reads or cancels hosts one that trains nothing (<c>BrainTumor:Experiments:ResumeRunning</c> false).
    /// </param>
    public static async Task<PlatformSession> Open(CancellationToken interrupted, bool trains)
    {
        IConfiguration configuration = BrainTumorConfiguration.Load();
        var cluster = configuration.Read<ClusterOptions, ClusterOptionsValidator>(ClusterOptions.Section);
        var hostsSilo = !cluster.IsCluster && !await GatewayAnswers(cluster.GatewayPort);
        if (hostsSilo && !trains)
            configuration = new ConfigurationBuilder()
                .AddConfiguration(configuration)
                .AddInMemoryCollection([new("BrainTumor:Experiments:ResumeRunning", "false")])
                .Build();
        var builder = Host.CreateDefaultBuilder()
            .ConfigureAppConfiguration(c => c.AddConfiguration(configuration))
            .ConfigureLogging(logging =>
            {
                // stdout carries results; the platform's own warnings go to stderr.
                // Rules for the console provider itself, so the Logging section meant for silos does not apply.
                logging.ClearProviders();
                logging.AddConsole(o =>
                {
                    o.LogToStandardErrorThreshold = LogLevel.Trace;
                    o.FormatterName = OperatorLogFormatter.FormatterName;
                }).AddConsoleFormatter<OperatorLogFormatter, ConsoleFormatterOptions>();
                logging.AddFilter<ConsoleLoggerProvider>(null, LogLevel.Warning);
                // The runtime's retries and messaging errors (a trainer on a silo that died, say) are not the operator's
                // to read: the platform's own warning says what happens, and a call that fails reaches the command as an error.
                logging.AddFilter<ConsoleLoggerProvider>("Orleans", LogLevel.Critical);
                logging.AddFilter<ConsoleLoggerProvider>("Polly", LogLevel.None);
            });
        builder = hostsSilo ? builder.UseBrainTumorSilo(configuration) : builder.UseBrainTumorClient(configuration);
        builder.ConfigureServices(services => services.AddSingleton<IHostLifetime, CommandLifetime>());
        var host = builder.Build();
        await host.StartAsync();
        return new PlatformSession(host, hostsSilo, interrupted);
    }

    private static async Task<bool> GatewayAnswers(int port)
    {
        using var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync("127.0.0.1", port).WaitAsync(TimeSpan.FromSeconds(2));
            return true;
        }
        catch (Exception e) when (e is SocketException or TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Stops the client, or the hosted silo: its training stops at a batch boundary with a checkpoint (TrainingShutdown).</summary>
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(TimeSpan.FromSeconds(30));
        _host.Dispose();
    }
}
