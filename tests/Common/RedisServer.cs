using System.Diagnostics;
using System.Net.Sockets;

namespace BrainTumor.Testing;

/// <summary>A throw-away redis-server on a free loopback port, a child of the test process, killed on dispose.</summary>
public sealed class RedisServer : IDisposable
{
    private readonly Process process;

    private RedisServer(Process process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>Starts one, or skips the test (fails it under BRAINTUMOR_REQUIRE_ALL) when redis-server is not installed.</summary>
    public static async Task<RedisServer> Start()
    {
        var executable = Prerequisites.Executable("redis-server", "redis-server", "cluster mode tests need it");

        var port = FreePorts.Take(1)[0];
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        // No persistence: the server lives for one test, in a folder of its own.
        foreach (var argument in new[] { "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", TestPaths.NewTempDirectory("redis") })
            start.ArgumentList.Add(argument);
        var server = new RedisServer(Process.Start(start)!, port);
        server.process.OutputDataReceived += (_, _) => { };
        server.process.ErrorDataReceived += (_, _) => { };
        server.process.BeginOutputReadLine();
        server.process.BeginErrorReadLine();
        await server.WaitUntilListening();
        return server;
    }

    private async Task WaitUntilListening()
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            Assert.False(process.HasExited, $"redis-server exited with code {(process.HasExited ? process.ExitCode : 0)} on port {Port}");
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    public void Dispose()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit();
        process.Dispose();
    }
}
