using System.Diagnostics;
using BrainTumor.Contracts;
using BrainTumor.Protocol.Specs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;

namespace BrainTumor.Client.Tests;

/// <summary>The real silo program (braintumor-silo) as a child process in a working folder of its own, and a client of it.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private SiloProcess(Process process) => _process = process;

    public IReadOnlyList<string> Output { get { lock (_output) return [.. _output]; } }

    /// <summary>Starts the silo and waits for its "Application started" line.</summary>
    public static async Task<SiloProcess> Start(string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        start.ArgumentList.Add(CliRunner.Built("silo", "braintumor-silo.dll"));
        foreach (var (k, v) in environment)
            start.Environment[k] = v;
        var silo = new SiloProcess(Process.Start(start)!);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Collect(object _, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            lock (silo._output) silo._output.Add(e.Data);
            if (e.Data.Contains("Application started", StringComparison.Ordinal)) started.TrySetResult();
        }
        silo._process.OutputDataReceived += Collect;
        silo._process.ErrorDataReceived += Collect;
        silo._process.BeginOutputReadLine();
        silo._process.BeginErrorReadLine();
        var exited = silo._process.WaitForExitAsync();
        if (await Task.WhenAny(started.Task, exited, Task.Delay(TimeSpan.FromMinutes(2))) != started.Task)
            throw new InvalidOperationException($"the silo did not start:\n{string.Join('\n', silo.Output)}");
        return silo;
    }

    /// <summary>kill -9: no shutdown, no flush.</summary>
    public async Task Kill()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>Sends <paramref name="signal"/> (TERM, INT) to the silo, as a service manager or Ctrl+C do.</summary>
    public void Signal(string signal) => CliProcess.Send(_process.Id, signal);

    /// <summary>Waits for the silo to end, at most <paramref name="bound"/>; its exit code.</summary>
    public Task<int> Exit(TimeSpan bound) => CliProcess.ExitWithin(_process, bound, () => string.Join('\n', Output));

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
            await Kill();
        _process.Dispose();
    }

    /// <summary>An Orleans client of a localhost silo.</summary>
    public static async Task<IHost> Client(int gatewayPort, string clusterId, string serviceId = "braintumor")
    {
        var host = Host.CreateDefaultBuilder()
            .UseOrleansClient(c => c.UseLocalhostClustering(gatewayPort, serviceId: serviceId, clusterId: clusterId))
            .Build();
        await host.StartAsync();
        return host;
    }

    public static IGrainFactory Grains(IHost client) => client.Services.GetRequiredService<IClusterClient>();

    /// <summary>
    /// Polls until <paramref name="condition"/> holds; fails the test after <paramref name="minutes"/>.
    /// A call that times out or finds its silo gone is tried again, as any client does while the
    /// cluster notices a dead silo and the grain comes back on a survivor; the last such error is
    /// in the failure message.
    /// </summary>
    public static async Task WaitFor(Func<Task<bool>> condition, string what, int minutes = 4)
    {
        var deadline = DateTime.UtcNow.AddMinutes(minutes);
        Exception? lastError = null;
        while (true)
        {
            try
            {
                if (await condition()) return;
            }
            catch (Exception e) when (e is TimeoutException or OrleansException)
            {
                lastError = e;
            }
            Assert.True(DateTime.UtcNow < deadline, $"{what}: not within {minutes} minutes{(lastError is null ? "" : $" (last error: {lastError.Message})")}");
            await Task.Delay(100);
        }
    }

    /// <summary>A quick experiment on the shipped sample: VGG19 with widths divided by 8 at 64x64.</summary>
    public static ExperimentSpec TinySpec(int epochs) => TinyExperiment.Spec(epochs: epochs) with { Patience = epochs };
}
