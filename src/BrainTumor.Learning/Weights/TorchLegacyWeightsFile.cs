using System.Buffers.Binary;
using System.Numerics;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Weights;

/// <summary>
/// PyTorch's legacy format (<c>torch.save</c> before PyTorch 1.6, and torchvision's original
/// model-zoo files): five pickles one after another (magic number, format version 1001, system
/// info, the state dict, the list of storage keys), then each storage as an int64 element count
/// and its raw bytes, in the order of that list. The whole layout is walked and checked against
/// the file's length before any tensor is read; other variants are refused with the conversion line.
/// </summary>
internal sealed class TorchLegacyWeightsFile : TorchWeightsFile
{
    private static readonly BigInteger MagicNumber = BigInteger.Parse("119547037146038801333356");
    private const long FormatVersion = 1001;

    private readonly FileStream stream;
    private readonly Dictionary<string, long> dataOffsets;

    private TorchLegacyWeightsFile(string path, FileStream stream, IReadOnlyList<KeyValuePair<string, TorchTensorRecord>> stateDict, Dictionary<string, long> dataOffsets)
        : base(path, "pytorch-legacy", stateDict)
    {
        this.stream = stream;
        this.dataOffsets = dataOffsets;
    }

    public static TorchLegacyWeightsFile Open(string path, FileStream stream)
    {
        var fileLength = stream.Length;
        var head = new byte[(int)Math.Min(fileLength, RestrictedUnpickler.MaxPickleBytes)];
        stream.ReadExactly(head);
        var rules = new TorchPickleRules(path);

        var (magic, position) = RestrictedUnpickler.Load(head, 0, rules, $"{path} (magic number)");
        if (!IsMagic(magic))
            throw new InvalidDataException($"{path}: a pickle, but not a PyTorch checkpoint (no PyTorch magic number)");
        (var version, position) = RestrictedUnpickler.Load(head, position, rules, $"{path} (format version)");
        if (version is not FormatVersion)
            throw new InvalidDataException($"{path}: PyTorch legacy format version {version ?? "None"}, this reader takes {FormatVersion}; {LegacyConversion.Advice(path)}");
        (var systemInfo, position) = RestrictedUnpickler.Load(head, position, rules, $"{path} (system info)");
        if (systemInfo is not OrderedDictionary<object, object?> info || !info.TryGetValue("little_endian", out var little) || little is not true)
            throw new InvalidDataException($"{path}: written on a big-endian machine, or without system info; {LegacyConversion.Advice(path)}");
        (var root, position) = RestrictedUnpickler.Load(head, position, rules, $"{path} (state dict)");
        var stateDict = rules.StateDict(root);
        (var keyList, position) = RestrictedUnpickler.Load(head, position, rules, $"{path} (storage keys)");
        if (keyList is not List<object?> keys || keys.Any(k => k is not string))
            throw new InvalidDataException($"{path}: the storage key list is not a list of names");

        var dataOffsets = Layout(path, stream, position, keys.Cast<string>().ToList(), rules.Storages);
        return new TorchLegacyWeightsFile(path, stream, stateDict, dataOffsets);
    }

    protected override Tensor ReadStorage(TorchStorage storage, long first, long count)
    {
        stream.Position = dataOffsets[storage.Key] + first * TensorDTypes.ElementSize(storage.DType);
        return TensorReading.ReadFlat(stream, storage.DType, count, $"{Path} (storage '{storage.Key}')");
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            stream.Dispose();
    }

    /// <summary>
    /// Where each storage's bytes start: walks the records that follow the pickles (an int64 count,
    /// then the bytes), checking each count against the pickle's declaration and each record
    /// against the end of the file, which the last one must reach exactly.
    /// </summary>
    private static Dictionary<string, long> Layout(string path, FileStream stream, long position, IReadOnlyList<string> keys, IReadOnlyDictionary<string, TorchStorage> storages)
    {
        var missing = storages.Keys.Except(keys).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"{path}: storages {string.Join(", ", missing)} are used but not stored");
        var offsets = new Dictionary<string, long>(StringComparer.Ordinal);
        Span<byte> countBytes = stackalloc byte[8];
        foreach (var key in keys)
        {
            if (!storages.TryGetValue(key, out var storage))
                throw new InvalidDataException($"{path}: stored storage '{key}' is used by no tensor");
            if (offsets.ContainsKey(key))
                throw new InvalidDataException($"{path}: storage '{key}' is stored twice");
            if (position + 8 > stream.Length)
                throw new InvalidDataException($"{path}: the file ends at byte {stream.Length}, before storage '{key}' (byte {position})");
            stream.Position = position;
            stream.ReadExactly(countBytes);
            var count = BinaryPrimitives.ReadInt64LittleEndian(countBytes);
            if (count != storage.Count)
                throw new InvalidDataException($"{path}: storage '{key}' holds {count} elements, its tensors declare {storage.Count}");
            offsets[key] = position + 8;
            position += 8 + storage.ByteCount;
            if (position > stream.Length)
                throw new InvalidDataException($"{path}: storage '{key}' ({storage.ByteCount} bytes) runs past the end of the file at byte {stream.Length}: truncated");
        }
        if (position != stream.Length)
            throw new InvalidDataException($"{path}: {stream.Length - position} bytes after the last storage");
        return offsets;
    }

    private static bool IsMagic(object? value) => value is BigInteger number && number == MagicNumber;
}
