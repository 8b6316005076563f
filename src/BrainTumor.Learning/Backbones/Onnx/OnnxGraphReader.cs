using System.Runtime.InteropServices;
using Onnx;

namespace BrainTumor.Learning.Backbones.Onnx;

/// <summary>
/// Reads an ONNX model file (through OnnxSharp's generated protobuf types) into an
/// <see cref="OnnxGraph"/>. It does not interpret operators: which ones a backbone accepts is the
/// builder's decision, so the same reader serves the network and its preprocessing graph.
/// </summary>
public static class OnnxGraphReader
{
    public static OnnxGraph Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert(ModelProto.Parser.ParseFrom(stream), path);
    }

    public static OnnxGraph Convert(ModelProto model, string source)
    {
        var graph = model.Graph ?? throw new InvalidDataException($"{source}: the model has no graph");
        var initializers = graph.Initializer.ToDictionary(t => t.Name, t => ToTensor(t, source));
        var nodes = graph.Node.Select(ToNode).ToList();
        var inputs = graph.Input.Where(i => !initializers.ContainsKey(i.Name)).Select(ToValueInfo).ToList();
        CheckTopologicalOrder(nodes, inputs, initializers, source);
        var producer = $"{model.ProducerName} {model.ProducerVersion}".Trim();
        return new OnnxGraph(source, producer, inputs, graph.Output.Select(ToValueInfo).ToList(), nodes, initializers);
    }

    private static OnnxTensor ToTensor(TensorProto t, string source)
    {
        if (t.DataType != (int)TensorProto.Types.DataType.Float)
            throw new NotSupportedException($"{source}: initializer '{t.Name}' has ONNX data type {t.DataType}; only float32 is supported");
        var shape = t.Dims.ToArray();
        var count = shape.Aggregate(1L, (a, d) => a * d);
        // ONNX allows either encoding; CNTK's export uses float_data, other exporters raw_data
        // (little-endian, which is every platform .NET runs these models on).
        var data = t.RawData.Length > 0
            ? MemoryMarshal.Cast<byte, float>(t.RawData.Span).ToArray()
            : t.FloatData.ToArray();
        if (data.LongLength != count)
            throw new InvalidDataException($"{source}: initializer '{t.Name}' holds {data.LongLength} values for shape [{string.Join(", ", shape)}]");
        return new OnnxTensor(t.Name, shape, data);
    }

    private static OnnxNode ToNode(NodeProto n) => new(
        n.Name,
        n.OpType,
        n.Input.ToList(),
        n.Output.ToList(),
        n.Attribute.ToDictionary(a => a.Name, ToAttribute));

    private static OnnxAttribute ToAttribute(AttributeProto a) => a.Type switch
    {
        AttributeProto.Types.AttributeType.Int => new OnnxAttribute(a.Name, Int: a.I),
        AttributeProto.Types.AttributeType.Float => new OnnxAttribute(a.Name, Float: a.F),
        AttributeProto.Types.AttributeType.Ints => new OnnxAttribute(a.Name, Ints: a.Ints.ToArray()),
        AttributeProto.Types.AttributeType.String => new OnnxAttribute(a.Name, Text: a.S.ToStringUtf8()),
        // Other kinds (tensors, graphs, float lists) are kept by name only: no supported op needs them.
        _ => new OnnxAttribute(a.Name),
    };

    private static OnnxValueInfo ToValueInfo(ValueInfoProto v) => new(
        v.Name,
        v.Type?.TensorType?.Shape?.Dim.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? d.DimValue : -1L).ToArray() ?? []);

    /// <summary>ONNX requires nodes sorted so every input exists before it is used; builders rely on it.</summary>
    private static void CheckTopologicalOrder(IReadOnlyList<OnnxNode> nodes, IReadOnlyList<OnnxValueInfo> inputs, Dictionary<string, OnnxTensor> initializers, string source)
    {
        var known = new HashSet<string>(inputs.Select(i => i.Name).Concat(initializers.Keys)) { "" }; // "" marks an omitted optional input
        foreach (var node in nodes)
        {
            var missing = node.Inputs.FirstOrDefault(i => !known.Contains(i));
            if (missing is not null)
                throw new InvalidDataException($"{source}: {node} reads '{missing}' before any node produces it (the graph is not in topological order)");
            known.UnionWith(node.Outputs);
        }
    }
}
