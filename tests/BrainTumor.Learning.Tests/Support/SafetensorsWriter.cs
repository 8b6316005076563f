using System.Text;
using System.Text.Json;

namespace BrainTumor.Learning.Tests.Support;

/// <summary>Writes safetensors files of float32 tensors, optionally with a header that lies.</summary>
internal static class SafetensorsWriter
{
    public static void Write(string path, IReadOnlyList<CheckpointTensor> tensors, Func<string, string>? editHeader = null, ulong? declaredHeaderLength = null)
    {
        var header = new Dictionary<string, object>();
        long offset = 0;
        foreach (var t in tensors)
        {
            var length = t.Values.Length * 4L;
            header[t.Key] = new { dtype = "F32", shape = t.Shape, data_offsets = new[] { offset, offset + length } };
            offset += length;
        }
        var json = JsonSerializer.Serialize(header);
        var headerBytes = Encoding.UTF8.GetBytes(editHeader?.Invoke(json) ?? json);
        using var file = File.Create(path);
        file.Write(BitConverter.GetBytes(declaredHeaderLength ?? (ulong)headerBytes.Length));
        file.Write(headerBytes);
        foreach (var t in tensors)
            file.Write(t.Bytes());
    }
}
