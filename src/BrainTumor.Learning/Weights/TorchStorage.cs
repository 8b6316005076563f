using static TorchSharp.torch;

namespace BrainTumor.Learning.Weights;

/// <summary>
/// A tensor storage a PyTorch pickle refers to by persistent id: its key (the record
/// <c>data/KEY</c> in the zip format, the storage's place in the legacy format), element type and
/// element count, as declared; the readers check the declaration against the file.
/// </summary>
internal sealed record TorchStorage(string Key, ScalarType DType, long Count)
{
    public long ByteCount => checked(Count * TensorDTypes.ElementSize(DType));
}
