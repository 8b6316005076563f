using System.Text;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Weights;

/// <summary>
/// A weights file opened and checked: every tensor's name, type and shape is known and its data
/// lies inside the file, but no tensor has been read yet (so a model can be matched against it
/// before anything large is allocated). Formats, told apart by their first bytes, not the name:
/// PyTorch's zip format (<c>torch.save</c> since 1.6), PyTorch's legacy format (before 1.6; how
/// torchvision's original model-zoo files are stored) and safetensors.
/// </summary>
public abstract class WeightsFile : IDisposable
{
    private readonly Dictionary<string, TensorEntry> byKey;

    protected WeightsFile(string path, string format, IReadOnlyList<TensorEntry> entries)
    {
        Path = path;
        Format = format;
        Entries = entries;
        byKey = new Dictionary<string, TensorEntry>(StringComparer.Ordinal);
        foreach (var entry in entries)
            if (!byKey.TryAdd(entry.Key, entry))
                throw new InvalidDataException($"{path}: tensor '{entry.Key}' appears twice");
    }

    /// <summary>Full path of the file, as every message names it.</summary>
    public string Path { get; }

    /// <summary><c>pytorch-zip</c>, <c>pytorch-legacy</c> or <c>safetensors</c>.</summary>
    public string Format { get; }

    /// <summary>The tensors in the file's order.</summary>
    public IReadOnlyList<TensorEntry> Entries { get; }

    public TensorEntry? Find(string key) => byKey.GetValueOrDefault(key);

    /// <summary>Reads one tensor into a new contiguous CPU tensor (the caller disposes it).</summary>
    public Tensor Read(string key)
    {
        var entry = Find(key) ?? throw new KeyNotFoundException($"{Path}: no tensor '{key}'");
        return ReadEntry(entry);
    }

    protected abstract Tensor ReadEntry(TensorEntry entry);

    /// <summary>Opens and checks a weights file; throws <see cref="InvalidDataException"/> (or
    /// <see cref="UnsafeWeightsFileException"/>) naming the file and the fault when it cannot be read safely.</summary>
    public static WeightsFile Open(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new FileNotFoundException($"{full}: no such weights file", full);
        var stream = File.OpenRead(full);
        try
        {
            var head = new byte[512];
            var length = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            stream.Position = 0;
            if (length < 8)
                throw new InvalidDataException($"{full}: {length} bytes, too short for a weights file");
            if (head.AsSpan(0, 4).SequenceEqual("PK\u0003\u0004"u8))
                return TorchZipWeightsFile.Open(full, stream);
            if (head[0] == (byte)PickleOpcode.Proto && head[1] is >= 2 and <= 5)
                return TorchLegacyWeightsFile.Open(full, stream);
            if (length >= 262 && head.AsSpan(257, 5).SequenceEqual("ustar"u8))
                throw new InvalidDataException($"{full}: a PyTorch checkpoint in the tar format of PyTorch 0.1, which this reader does not take; {LegacyConversion.Advice(full)}");
            if (length > 8 && head[8] == (byte)'{') // a length, then the JSON header
                return SafetensorsWeightsFile.Open(full, stream);
            throw new InvalidDataException(
                $"{full}: not a PyTorch (.pth, zip or legacy format) or safetensors weights file (it starts with {Convert.ToHexString(head, 0, 8)} '{Printable(head.AsSpan(0, 8))}')");
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected abstract void Dispose(bool disposing);

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder();
        foreach (var b in bytes)
            text.Append(b is >= 0x20 and < 0x7f ? (char)b : '.');
        return text.ToString();
    }
}
