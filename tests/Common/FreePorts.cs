using System.Net;
using System.Net.Sockets;

namespace BrainTumor.Testing;

public static class FreePorts
{
    /// <summary><paramref name="count"/> distinct loopback ports free right now (all held open until all are found).</summary>
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}
