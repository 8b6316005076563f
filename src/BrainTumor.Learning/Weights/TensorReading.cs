using static TorchSharp.torch;

namespace BrainTumor.Learning.Weights;

/// <summary>Reads raw little-endian tensor data from a stream into a new CPU tensor.</summary>
internal static class TensorReading
{
    /// <summary>Bytes copied per step: TorchSharp exposes a tensor's memory as a span, which is
    /// limited to 2 GiB, so larger tensors are filled a slice at a time.</summary>
    internal static long ChunkBytes { get; set; } = 64L << 20;

    /// <summary>A 1-D tensor of <paramref name="count"/> elements read from the stream's current
    /// position; <paramref name="what"/> names the data in the message of a short read.</summary>
    public static Tensor ReadFlat(Stream stream, ScalarType dtype, long count, string what)
    {
        var elementSize = TensorDTypes.ElementSize(dtype);
        var tensor = empty(count, dtype);
        try
        {
            var chunk = Math.Max(1, ChunkBytes / elementSize);
            for (long start = 0; start < count; start += chunk)
            {
                using var slice = tensor.narrow(0, start, Math.Min(chunk, count - start));
                stream.ReadExactly(slice.bytes);
            }
            return tensor;
        }
        catch (EndOfStreamException)
        {
            tensor.Dispose();
            throw new InvalidDataException($"{what}: the file ends before the {count * elementSize} bytes it declares");
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
    }

    /// <summary>Advances a stream that may not seek by reading and discarding.</summary>
    public static void Skip(Stream stream, long bytes, string what)
    {
        if (stream.CanSeek)
        {
            stream.Seek(bytes, SeekOrigin.Current);
            return;
        }
        var buffer = new byte[(int)Math.Min(bytes, 1 << 16)];
        for (var left = bytes; left > 0;)
        {
            var read = stream.Read(buffer, 0, (int)Math.Min(left, buffer.Length));
            if (read == 0)
                throw new InvalidDataException($"{what}: the file ends before the data it declares");
            left -= read;
        }
    }
}
