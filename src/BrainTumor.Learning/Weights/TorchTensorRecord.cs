namespace BrainTumor.Learning.Weights;

/// <summary>
/// A tensor as <c>torch._utils._rebuild_tensor_v2</c> describes it: a view (offset, shape, strides
/// in elements) of a storage. Checked on creation to lie inside its storage's declared size.
/// </summary>
internal sealed record TorchTensorRecord
{
    public const int MaxDimensions = 16;

    public TorchTensorRecord(TorchStorage storage, long offset, long[] shape, long[] strides)
    {
        if (shape.Length > MaxDimensions || strides.Length != shape.Length)
            throw new InvalidDataException($"a tensor of {shape.Length} dimensions with {strides.Length} strides");
        if (offset < 0 || shape.Any(s => s < 0) || strides.Any(s => s < 0))
            throw new InvalidDataException($"a tensor with a negative offset, size or stride (offset {offset}, shape [{string.Join(", ", shape)}], strides [{string.Join(", ", strides)}])");
        try
        {
            Count = shape.Aggregate(1L, (n, s) => checked(n * s));
            // Elements of the storage the view touches, from its offset: the last one's index plus one.
            Extent = Count == 0 ? 0 : checked(shape.Zip(strides).Aggregate(1L, (n, d) => checked(n + (d.First - 1) * d.Second)));
            if (checked(offset + Extent) > storage.Count)
                throw new InvalidDataException(
                    $"a tensor [{string.Join(", ", shape)}] at offset {offset} reaches element {offset + Extent} of storage '{storage.Key}', which declares {storage.Count}");
        }
        catch (OverflowException)
        {
            throw new InvalidDataException($"a tensor whose size overflows (shape [{string.Join(", ", shape)}], strides [{string.Join(", ", strides)}])");
        }
        Storage = storage;
        Offset = offset;
        Shape = shape;
        Strides = strides;
    }

    public TorchStorage Storage { get; }

    public long Offset { get; }

    public long[] Shape { get; }

    public long[] Strides { get; }

    public long Count { get; }

    public long Extent { get; }

    /// <summary>Whether the view is the plain row-major layout of its shape (what <c>state_dict</c> holds).</summary>
    public bool IsContiguous
    {
        get
        {
            long expected = 1;
            for (var i = Shape.Length - 1; i >= 0; i--)
            {
                if (Shape[i] != 1 && Strides[i] != expected)
                    return false;
                expected *= Shape[i];
            }
            return true;
        }
    }
}
