namespace BrainTumor.Hosting.Tests;

public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> passes; failures of the
    /// condition itself (a silo going away mid-call) count as "not yet".</summary>
    public static async Task<bool> True(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if (await condition()) return true;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
            }
            if (DateTime.UtcNow >= deadline) return false;
            await Task.Delay(250);
        }
    }
}
