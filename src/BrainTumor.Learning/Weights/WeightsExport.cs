using BrainTumor.Imaging.Storage;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Weights;

/// <summary>
/// Saves a model's weights in a format PyTorch and <see cref="WeightsFile"/> both read, chosen by
/// the extension: <c>.safetensors</c>, or <c>.pth</c>/<c>.pt</c> (PyTorch's zip format). Writing
/// is TorchSharp.PyBridge's; the file appears whole or not at all (written beside, then moved).
/// </summary>
public static class WeightsExport
{
    public static void Save(nn.Module model, string path)
    {
        var full = Path.GetFullPath(path);
        var extension = Path.GetExtension(full).ToLowerInvariant();
        if (extension is not (".safetensors" or ".pth" or ".pt"))
            throw new ArgumentException($"{full}: expected a .safetensors, .pth or .pt file name", nameof(path));
        AtomicFile.Write(full, partial =>
        {
            if (extension == ".safetensors")
                model.save_safetensors(partial);
            else
                model.save_py(partial);
        });
    }
}
