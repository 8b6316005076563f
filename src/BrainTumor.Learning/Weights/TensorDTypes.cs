using static TorchSharp.torch;

namespace BrainTumor.Learning.Weights;

/// <summary>The element types weights files name, in PyTorch's storage classes and in safetensors' codes.</summary>
internal static class TensorDTypes
{
    private static readonly Dictionary<string, ScalarType> StorageClasses = new()
    {
        ["FloatStorage"] = ScalarType.Float32,
        ["DoubleStorage"] = ScalarType.Float64,
        ["HalfStorage"] = ScalarType.Float16,
        ["BFloat16Storage"] = ScalarType.BFloat16,
        ["LongStorage"] = ScalarType.Int64,
        ["IntStorage"] = ScalarType.Int32,
        ["ShortStorage"] = ScalarType.Int16,
        ["CharStorage"] = ScalarType.Int8,
        ["ByteStorage"] = ScalarType.Byte,
        ["BoolStorage"] = ScalarType.Bool,
    };

    private static readonly Dictionary<string, ScalarType> SafetensorsCodes = new()
    {
        ["F32"] = ScalarType.Float32,
        ["F64"] = ScalarType.Float64,
        ["F16"] = ScalarType.Float16,
        ["BF16"] = ScalarType.BFloat16,
        ["I64"] = ScalarType.Int64,
        ["I32"] = ScalarType.Int32,
        ["I16"] = ScalarType.Int16,
        ["I8"] = ScalarType.Int8,
        ["U8"] = ScalarType.Byte,
        ["BOOL"] = ScalarType.Bool,
    };

    /// <summary>The storage class names PyTorch pickles (<c>torch.FloatStorage</c>, ...), without the module.</summary>
    public static IEnumerable<string> StorageClassNames => StorageClasses.Keys;

    public static ScalarType? FromStorageClass(string name) => StorageClasses.TryGetValue(name, out var type) ? type : null;

    public static ScalarType? FromSafetensors(string code) => SafetensorsCodes.TryGetValue(code, out var type) ? type : null;

    public static int ElementSize(ScalarType type) => type switch
    {
        ScalarType.Float64 or ScalarType.Int64 => 8,
        ScalarType.Float32 or ScalarType.Int32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
        ScalarType.Int8 or ScalarType.Byte or ScalarType.Bool => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not an element type of weights files"),
    };

    public static bool IsFloatingPoint(ScalarType type) =>
        type is ScalarType.Float32 or ScalarType.Float64 or ScalarType.Float16 or ScalarType.BFloat16;
}
