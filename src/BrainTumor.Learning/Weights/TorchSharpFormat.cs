using TorchSharp;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Weights;

/// <summary>
/// Tensors and state dicts in TorchSharp's own format, the bytes <c>Tensor.Save</c> and
/// <c>Module.save</c> write and <c>Tensor.Load</c> and <c>Module.load</c> read: LEB128 type and
/// shape, then the values, each state-dict entry after its name. The values go between the stream
/// and the tensor's own memory in one call. TorchSharp 0.107 (netstandard2.0) copies each tensor
/// through a new managed array instead, and fresh memory is what costs on this kind of machine
/// (docs/BENCHMARKS.md, "Hot spots": a stage's 64 MB weights file written in 152.8 ms that way, 56.1 ms this way).
/// </summary>
public static class TorchSharpFormat
{
    /// <summary>The same bytes as <c>tensor.Save(writer)</c>.</summary>
    public static void WriteTensor(BinaryWriter writer, Tensor tensor)
    {
        if (tensor.device_type != DeviceType.CPU || !tensor.is_contiguous())
        {
            using var plain = tensor.cpu().contiguous();
            WriteTensor(writer, plain);
            return;
        }
        Encode(writer, (long)tensor.dtype);
        Encode(writer, tensor.shape.Length);
        foreach (var size in tensor.shape)
            Encode(writer, size);
        writer.Flush();
        writer.BaseStream.Write(tensor.bytes);
    }

    /// <summary>The same bytes as <c>model.save(path)</c>: the model's whole state dict.</summary>
    public static void SaveModule(nn.Module model, string path)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        using var writer = new BinaryWriter(stream);
        WriteEntries(writer, model.state_dict());
    }

    /// <summary>The entries' count, then each one's name and tensor: what <c>Module.save</c> writes of a state dict.</summary>
    public static void WriteEntries(BinaryWriter writer, IReadOnlyCollection<KeyValuePair<string, Tensor>> entries)
    {
        Encode(writer, entries.Count);
        foreach (var (name, tensor) in entries)
        {
            writer.Write(name);
            WriteTensor(writer, tensor);
        }
    }

    /// <summary>
    /// Reads a file <see cref="SaveModule"/> or <c>Module.save</c> wrote into the model's own tensors,
    /// as strictly as <c>Module.load</c>: the same entries, each of the model's type and shape.
    /// </summary>
    public static void LoadModule(nn.Module model, string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        try
        {
            ReadEntries(reader, model.state_dict(), path, "the network", "weights of another network?");
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{path}: the file ends before its last tensor ({stream.Length} bytes)");
        }
    }

    /// <summary>
    /// Reads what <see cref="WriteEntries"/> wrote into the tensors of <paramref name="into"/>: exactly its
    /// entries, each of its type and shape. Errors name <paramref name="path"/>, say whose tensors
    /// were expected (<paramref name="owner"/>) and what a mismatch likely means (<paramref name="hint"/>).
    /// </summary>
    public static void ReadEntries(BinaryReader reader, IReadOnlyDictionary<string, Tensor> into, string path, string owner, string hint)
    {
        var count = Decode(reader);
        if (count != into.Count)
            throw new InvalidDataException($"{path}: {count} tensors, expected {into.Count} for {owner} ({hint})");
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString();
            if (!into.TryGetValue(name, out var tensor))
                throw new InvalidDataException($"{path}: tensor '{name}' is not in {owner} ({hint})");
            ReadTensor(reader, tensor, $"{path}: tensor '{name}'");
        }
    }

    /// <summary>
    /// Reads what <see cref="WriteTensor"/> or <c>Tensor.Save</c> wrote into <paramref name="into"/>, which must
    /// have the same type and shape; <paramref name="what"/> names the tensor in errors.
    /// </summary>
    public static void ReadTensor(BinaryReader reader, Tensor into, string what)
    {
        var type = (ScalarType)Decode(reader);
        var shape = new long[Decode(reader)];
        for (var d = 0; d < shape.Length; d++)
            shape[d] = Decode(reader);
        if (type != into.dtype || !shape.AsSpan().SequenceEqual(into.shape))
            throw new InvalidDataException($"{what} is {type} [{string.Join(", ", shape)}]; expected {into.dtype} [{string.Join(", ", into.shape)}]");
        if (into.device_type == DeviceType.CPU && into.is_contiguous())
        {
            reader.BaseStream.ReadExactly(into.bytes);
            return;
        }
        using var plain = empty(shape, type);
        reader.BaseStream.ReadExactly(plain.bytes);
        using var noGrad = no_grad();
        into.copy_(plain);
    }

    /// <summary>Unsigned LEB128, as TorchSharp writes counts, types and sizes (its own codec is internal).</summary>
    internal static void Encode(BinaryWriter writer, long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        do
        {
            var low = (byte)(value & 0x7f);
            value >>= 7;
            writer.Write(value == 0 ? low : (byte)(low | 0x80));
        }
        while (value != 0);
    }

    private static long Decode(BinaryReader reader)
    {
        long value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var next = reader.ReadByte();
            value |= (long)(next & 0x7f) << shift;
            if ((next & 0x80) == 0)
                return value;
        }
        throw new InvalidDataException("a LEB128 number longer than 64 bits");
    }
}
