using System.Buffers.Binary;
using System.Text.Json;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Weights;

/// <summary>
/// safetensors: an 8-byte little-endian header length, a JSON header naming each tensor's dtype,
/// shape and byte range, then the data. The header's length and every range are checked against
/// the file (inside it, the size its dtype and shape require, no two overlapping) before any
/// tensor is allocated.
/// </summary>
internal sealed class SafetensorsWeightsFile : WeightsFile
{
    /// <summary>The format's own reference implementation refuses headers above 100 MB.</summary>
    private const long MaxHeaderBytes = 100_000_000;

    private readonly FileStream stream;
    private readonly Dictionary<string, long> dataOffsets;

    private SafetensorsWeightsFile(string path, FileStream stream, IReadOnlyList<TensorEntry> entries, Dictionary<string, long> dataOffsets)
        : base(path, "safetensors", entries)
    {
        this.stream = stream;
        this.dataOffsets = dataOffsets;
    }

    public static SafetensorsWeightsFile Open(string path, FileStream stream)
    {
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > (ulong)Math.Min(MaxHeaderBytes, stream.Length - 8))
            throw new InvalidDataException($"{path}: safetensors header of {headerLength} bytes, in a file of {stream.Length}");
        var header = new byte[(int)headerLength];
        stream.ReadExactly(header);
        var dataStart = 8 + (long)headerLength;
        var dataLength = stream.Length - dataStart;

        var entries = new List<TensorEntry>();
        var ranges = new List<(long Begin, long End, string Key)>();
        try
        {
            using var json = JsonDocument.Parse(header);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"{path}: safetensors header is not a JSON object");
            foreach (var property in json.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                    continue;
                var (entry, begin, end) = ParseEntry(path, property);
                if (end > dataLength)
                    throw new InvalidDataException($"{path}: tensor '{entry.Key}' spans bytes {begin}-{end} of the data, which has {dataLength}: truncated");
                entries.Add(entry);
                ranges.Add((begin, end, entry.Key));
            }
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: safetensors header is not valid JSON ({e.Message})", e);
        }
        var sorted = ranges.Where(r => r.End > r.Begin).OrderBy(r => r.Begin).ToList();
        for (var i = 1; i < sorted.Count; i++)
            if (sorted[i].Begin < sorted[i - 1].End)
                throw new InvalidDataException($"{path}: tensors '{sorted[i - 1].Key}' and '{sorted[i].Key}' overlap");
        return new SafetensorsWeightsFile(path, stream, entries, ranges.ToDictionary(r => r.Key, r => dataStart + r.Begin, StringComparer.Ordinal));
    }

    protected override Tensor ReadEntry(TensorEntry entry)
    {
        stream.Position = dataOffsets[entry.Key];
        using var flat = TensorReading.ReadFlat(stream, entry.DType, entry.Count, $"{Path} (tensor '{entry.Key}')");
        return flat.view(entry.Shape);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            stream.Dispose();
    }

    private static (TensorEntry Entry, long Begin, long End) ParseEntry(string path, JsonProperty property)
    {
        var key = property.Name;
        InvalidDataException Bad(string what) => new($"{path}: safetensors tensor '{key}': {what}");
        var value = property.Value;
        if (value.ValueKind != JsonValueKind.Object
            || !value.TryGetProperty("dtype", out var dtypeJson) || dtypeJson.ValueKind != JsonValueKind.String
            || !value.TryGetProperty("shape", out var shapeJson) || shapeJson.ValueKind != JsonValueKind.Array
            || !value.TryGetProperty("data_offsets", out var offsetsJson) || offsetsJson.ValueKind != JsonValueKind.Array)
            throw Bad("expected an object with dtype, shape and data_offsets");
        var code = dtypeJson.GetString()!;
        var dtype = TensorDTypes.FromSafetensors(code) ?? throw Bad($"dtype {code} is not one this reader takes");
        var shape = Integers(shapeJson);
        var offsets = Integers(offsetsJson);
        if (shape is null || shape.Length > TorchTensorRecord.MaxDimensions || shape.Any(s => s < 0))
            throw Bad($"shape {shapeJson.GetRawText()}");
        if (offsets is not [var begin, var end] || begin < 0 || end < begin)
            throw Bad($"data_offsets {offsetsJson.GetRawText()}");
        try
        {
            var bytes = checked(shape.Aggregate(1L, (n, s) => checked(n * s)) * TensorDTypes.ElementSize(dtype));
            if (bytes != end - begin)
                throw Bad($"{code} {TensorEntry.Format(shape)} needs {bytes} bytes, data_offsets give {end - begin}");
        }
        catch (OverflowException)
        {
            throw Bad($"shape {shapeJson.GetRawText()} overflows");
        }
        return (new TensorEntry(key, dtype, shape), begin, end);
    }

    private static long[]? Integers(JsonElement array)
    {
        var values = new List<long>();
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out var v))
                return null;
            values.Add(v);
        }
        return values.ToArray();
    }
}
