namespace BrainTumor.Learning.Backbones.Onnx;

/// <summary>
/// A small typed description of an ONNX graph: what the backbone builders need, free of the
/// protobuf types, so builders can be tested on graphs written by hand.
/// </summary>
/// <param name="Source">Where the graph came from (a path), for error messages.</param>
/// <param name="Producer">The producing tool and version as the file states it (CNTK 2.6 for ResNet18).</param>
/// <param name="Inputs">The graph's real inputs (initializers listed as inputs are left out).</param>
/// <param name="Outputs">The graph's outputs.</param>
/// <param name="Nodes">The nodes in topological order (checked when read).</param>
/// <param name="Initializers">The stored weights and constants, by name.</param>
public sealed record OnnxGraph(
    string Source,
    string Producer,
    IReadOnlyList<OnnxValueInfo> Inputs,
    IReadOnlyList<OnnxValueInfo> Outputs,
    IReadOnlyList<OnnxNode> Nodes,
    IReadOnlyDictionary<string, OnnxTensor> Initializers)
{
    /// <summary>An initializer by name; a node that names a missing one makes the graph malformed.</summary>
    public OnnxTensor Initializer(string name) =>
        Initializers.TryGetValue(name, out var tensor)
            ? tensor
            : throw new InvalidDataException($"{Source}: '{name}' is not an initializer of the graph");
}

/// <summary>A graph input or output: its name and shape (-1 for a symbolic dimension).</summary>
public sealed record OnnxValueInfo(string Name, long[] Shape);

/// <summary>A float32 initializer: row-major data and its shape.</summary>
public sealed record OnnxTensor(string Name, long[] Shape, float[] Data)
{
    public long ElementCount => Data.LongLength;
}

/// <summary>One attribute of a node; exactly one of the values is set, as in the file.</summary>
public sealed record OnnxAttribute(string Name, long? Int = null, float? Float = null, long[]? Ints = null, string? Text = null);

/// <summary>One operator application: op type, input and output tensor names, attributes.</summary>
public sealed record OnnxNode(
    string Name,
    string OpType,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Outputs,
    IReadOnlyDictionary<string, OnnxAttribute> Attributes)
{
    public long[] Ints(string name, long[] fallback) => Attributes.TryGetValue(name, out var a) && a.Ints is { } v ? v : fallback;

    public long Int(string name, long fallback) => Attributes.TryGetValue(name, out var a) && a.Int is { } v ? v : fallback;

    public float Float(string name, float fallback) => Attributes.TryGetValue(name, out var a) && a.Float is { } v ? v : fallback;

    public string? Text(string name) => Attributes.TryGetValue(name, out var a) ? a.Text : null;

    public override string ToString() => $"{OpType} node '{Name}'";
}
