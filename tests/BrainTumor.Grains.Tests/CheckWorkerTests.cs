using BrainTumor.Grains.Devices;

namespace BrainTumor.Grains.Tests;

/// <summary>The thread spec checks build their networks on: its own, never the caller's, and its errors are the caller's.</summary>
public sealed class CheckWorkerTests
{
    [Fact]
    public async Task A_check_runs_on_the_check_thread_and_its_error_reaches_the_caller()
    {
        using var worker = new CheckWorker();
        string? thread = null;

        await worker.Run(() => thread = Thread.CurrentThread.Name);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => worker.Run(() => throw new ArgumentException("weights w.pth: unreadable for vgg19")));

        Assert.Equal(CheckWorker.ThreadName, thread);
        Assert.Equal("weights w.pth: unreadable for vgg19", error.Message);
    }
}
