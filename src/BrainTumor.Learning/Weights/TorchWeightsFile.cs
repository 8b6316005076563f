using static TorchSharp.torch;

namespace BrainTumor.Learning.Weights;

/// <summary>
/// What PyTorch's two formats share: a state-dict pickle, walked by <see cref="RestrictedUnpickler"/>,
/// whose tensors are views of storages kept beside it. Subclasses say where a storage's bytes are.
/// </summary>
internal abstract class TorchWeightsFile : WeightsFile
{
    private readonly Dictionary<string, TorchTensorRecord> records;

    protected TorchWeightsFile(string path, string format, IReadOnlyList<KeyValuePair<string, TorchTensorRecord>> stateDict)
        : base(path, format, stateDict.Select(e => new TensorEntry(e.Key, e.Value.Storage.DType, e.Value.Shape)).ToList())
    {
        records = stateDict.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
    }

    /// <summary>Reads <paramref name="count"/> elements of a storage from element <paramref name="first"/> on, as a 1-D tensor.</summary>
    protected abstract Tensor ReadStorage(TorchStorage storage, long first, long count);

    protected override Tensor ReadEntry(TensorEntry entry)
    {
        var record = records[entry.Key];
        using var scope = NewDisposeScope();
        var flat = ReadStorage(record.Storage, record.Offset, record.Extent);
        var tensor = record.IsContiguous
            ? flat.view(record.Shape)
            : flat.as_strided(record.Shape, record.Strides).contiguous();
        return tensor.MoveToOuterDisposeScope();
    }
}
