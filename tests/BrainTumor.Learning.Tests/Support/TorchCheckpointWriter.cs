using System.IO.Compression;
using System.Numerics;
using BrainTumor.Learning.Weights;

namespace BrainTumor.Learning.Tests.Support;

/// <summary>
/// Writes state dicts of float32 tensors the way <c>torch.save</c> lays them out, in the zip and
/// legacy formats, with hooks to corrupt or poison them: the declared storage size, the pickle.
/// </summary>
internal static class TorchCheckpointWriter
{
    /// <summary>The pickle of a state dict: an OrderedDict of _rebuild_tensor_v2 calls on persistent storages.</summary>
    public static byte[] StateDictPickle(IReadOnlyList<CheckpointTensor> tensors, bool legacy, Func<CheckpointTensor, long>? declaredCount = null, Action<PickleWriter>? inject = null)
    {
        var pickle = new PickleWriter().Proto()
            .Global("collections", "OrderedDict").Op(PickleOpcode.EmptyTuple).Op(PickleOpcode.Reduce)
            .Mark();
        for (var i = 0; i < tensors.Count; i++)
        {
            var t = tensors[i];
            pickle.Str(t.Key).Global("torch._utils", "_rebuild_tensor_v2").Mark()
                .Mark().Str("storage").Global("torch", "FloatStorage").Str(StorageKey(i, legacy)).Str("cpu").Int(declaredCount?.Invoke(t) ?? t.Values.Length);
            if (legacy)
                pickle.Op(PickleOpcode.None);
            pickle.Tuple().Op(PickleOpcode.BinPersId)
                .Int(t.Offset).Ints(t.Shape).Ints(t.Strides ?? Strides(t.Shape)).Op(PickleOpcode.NewFalse)
                .Global("collections", "OrderedDict").Op(PickleOpcode.EmptyTuple).Op(PickleOpcode.Reduce)
                .Tuple().Op(PickleOpcode.Reduce);
        }
        pickle.Op(PickleOpcode.SetItems);
        inject?.Invoke(pickle);
        return pickle.Stop().ToArray();
    }

    /// <summary>The zip format: NAME/data.pkl, NAME/data/KEY per storage, NAME/version.</summary>
    public static void WriteZip(string path, IReadOnlyList<CheckpointTensor> tensors, byte[]? pickle = null, bool deflate = false)
    {
        var level = deflate ? CompressionLevel.Optimal : CompressionLevel.NoCompression;
        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        Add(zip, "archive/data.pkl", pickle ?? StateDictPickle(tensors, legacy: false), level);
        for (var i = 0; i < tensors.Count; i++)
            Add(zip, $"archive/data/{StorageKey(i, legacy: false)}", tensors[i].Bytes(), level);
        Add(zip, "archive/version", "3\n"u8.ToArray(), level);
    }

    /// <summary>The legacy format: magic, version, system info, state dict and key list pickles, then the storages.</summary>
    public static void WriteLegacy(string path, IReadOnlyList<CheckpointTensor> tensors, byte[]? pickle = null)
    {
        using var file = File.Create(path);
        var magic = BigInteger.Parse("119547037146038801333356").ToByteArray();
        file.Write(new PickleWriter().Proto().Op(PickleOpcode.Long1).Raw([(byte)magic.Length]).Raw(magic).Stop().ToArray());
        file.Write(new PickleWriter().Proto().Int(1001).Stop().ToArray());
        file.Write(new PickleWriter().Proto().Op(PickleOpcode.EmptyDict).Mark()
            .Str("protocol_version").Int(1001).Str("little_endian").Op(PickleOpcode.NewTrue)
            .Op(PickleOpcode.SetItems).Stop().ToArray());
        file.Write(pickle ?? StateDictPickle(tensors, legacy: true));
        var keys = new PickleWriter().Proto().Op(PickleOpcode.EmptyList).Mark();
        for (var i = 0; i < tensors.Count; i++)
            keys.Str(StorageKey(i, legacy: true));
        file.Write(keys.Op(PickleOpcode.Appends).Stop().ToArray());
        foreach (var t in tensors)
        {
            file.Write(BitConverter.GetBytes((long)t.Values.Length));
            file.Write(t.Bytes());
        }
    }

    /// <summary>Storage keys as PyTorch writes them: record numbers in the zip format, ids in the legacy one.</summary>
    private static string StorageKey(int index, bool legacy) => legacy ? $"{140000000 + index * 1000}" : $"{index}";

    private static long[] Strides(long[] shape)
    {
        var strides = new long[shape.Length];
        long stride = 1;
        for (var i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = stride;
            stride *= shape[i];
        }
        return strides;
    }

    /// <summary>Rewrites the uncompressed size the central directory declares for one record (a lie for the size checks).</summary>
    public static void DeclareZipRecordSize(string path, string name, uint size)
    {
        var bytes = File.ReadAllBytes(path);
        var nameBytes = System.Text.Encoding.ASCII.GetBytes(name);
        for (var at = bytes.AsSpan().IndexOf("PK\u0001\u0002"u8); at >= 0; at = NextCentralHeader(bytes, at + 4))
        {
            if (bytes.AsSpan(at + 46, nameBytes.Length).SequenceEqual(nameBytes))
            {
                BitConverter.TryWriteBytes(bytes.AsSpan(at + 24, 4), size);
                File.WriteAllBytes(path, bytes);
                return;
            }
        }
        throw new InvalidOperationException($"no central directory record {name}");
    }

    private static int NextCentralHeader(byte[] bytes, int from)
    {
        var next = bytes.AsSpan(from).IndexOf("PK\u0001\u0002"u8);
        return next < 0 ? -1 : from + next;
    }

    private static void Add(ZipArchive zip, string name, byte[] content, CompressionLevel level)
    {
        using var entry = zip.CreateEntry(name, level).Open();
        entry.Write(content);
    }
}
