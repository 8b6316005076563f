namespace BrainTumor.Learning.Tests.Support;

/// <summary>A float32 tensor for the test writers: its name, shape and its storage's values; by
/// default the tensor is the whole storage, row-major, else the view at <see cref="Offset"/> with <see cref="Strides"/>.</summary>
internal sealed record CheckpointTensor(string Key, long[] Shape, float[] Values)
{
    public long Offset { get; init; }

    public long[]? Strides { get; init; }

    public static CheckpointTensor Range(string key, params long[] shape)
    {
        var count = (int)shape.Aggregate(1L, (n, s) => n * s);
        return new CheckpointTensor(key, shape, Enumerable.Range(0, count).Select(i => i * 0.5f - 3f).ToArray());
    }

    public byte[] Bytes()
    {
        var bytes = new byte[Values.Length * 4];
        Buffer.BlockCopy(Values, 0, bytes, 0, bytes.Length);
        return bytes;
    }
}
