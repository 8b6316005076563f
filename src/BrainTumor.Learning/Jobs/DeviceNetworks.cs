using System.Collections.Concurrent;
using BrainTumor.Learning.Backbones;
using BrainTumor.Learning.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Jobs;

/// <summary>
/// The last network each device used, kept for its next job, and the weights file that network
/// holds exactly (the file its last job loaded or wrote). Building a network and loading a file
/// both cost fresh memory, which is slow on this kind of machine (docs/BENCHMARKS.md, "Hot spots"):
/// a later stage or a test takes the kept network and skips loading a file it already holds; a
/// stage 0 takes it restarted when its backbone can (<see cref="BackboneDefinition.Restart"/>).
/// </summary>
internal sealed class DeviceNetworks : IDisposable
{
    private readonly ConcurrentDictionary<string, Kept> _kept = new();

    private sealed record Kept(string Key, nn.Module<Tensor, Tensor> Model, WeightsFileStamp? Holds);

    /// <summary>
    /// The job's network: the device's last one when it is of <paramref name="key"/>, either as it is,
    /// with the file it holds (no <paramref name="restart"/>: the job loads all of its weights), or made
    /// like a new build by <paramref name="restart"/>, holding no file; otherwise a new one from
    /// <paramref name="build"/> (also when <paramref name="restart"/> says it cannot).
    /// </summary>
    public (nn.Module<Tensor, Tensor> Model, WeightsFileStamp? Holds) Take(string device, string key,
        Func<nn.Module<Tensor, Tensor>, bool>? restart, Func<nn.Module<Tensor, Tensor>> build)
    {
        if (_kept.TryRemove(device, out var last))
        {
            if (last.Key == key && restart is null)
                return (last.Model, last.Holds);
            if (last.Key == key && restart!(last.Model))
                return (last.Model, null);
            last.Model.Dispose();
        }
        return (build(), null);
    }

    /// <summary>Keeps the job's network for the device's next job, without its gradients; <paramref name="holds"/> is null when the job failed.</summary>
    public void Keep(string device, string key, nn.Module<Tensor, Tensor> model, WeightsFileStamp? holds)
    {
        model.zero_grad();
        if (!_kept.TryAdd(device, new Kept(key, model, holds)))
            model.Dispose();
    }

    /// <summary>Loads <paramref name="path"/> into the model unless it holds that file as it is now; returns what the model then holds.</summary>
    public static WeightsFileStamp Load(nn.Module<Tensor, Tensor> model, string path, WeightsFileStamp? holds)
    {
        var now = WeightsFileStamp.Of(path);
        if (holds != now)
            TorchSharpFormat.LoadModule(model, path);
        return now;
    }

    public void Dispose()
    {
        foreach (var (_, kept) in _kept)
            kept.Model.Dispose();
        _kept.Clear();
    }
}
