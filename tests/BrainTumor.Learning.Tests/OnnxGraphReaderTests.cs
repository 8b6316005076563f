using BrainTumor.Learning.Backbones.Onnx;
using BrainTumor.Learning.Backbones.ResNetOnnx;
using Google.Protobuf;
using Onnx;

namespace BrainTumor.Learning.Tests;

public class OnnxGraphReaderTests
{
    [Fact]
    public void Reads_the_resnet18_graph_as_the_package_ships_it()
    {
        var graph = OnnxGraphReader.Read(ResNet18ImageNet.NetworkPath());

        Assert.Equal("CNTK 2.6", graph.Producer);
        Assert.Equal("Input247", graph.Inputs.Single().Name);
        Assert.Equal(new long[] { 1, 3, 224, 224 }, graph.Inputs.Single().Shape);
        Assert.Equal("Pooling395_Output_0", graph.Outputs.Single().Name);
        var ops = graph.Nodes.GroupBy(n => n.OpType).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int>
        {
            ["Conv"] = 22, ["BatchNormalization"] = 22, ["Relu"] = 19, ["Add"] = 9, ["MaxPool"] = 1, ["AveragePool"] = 1,
        }, ops);
        var stem = graph.Nodes[0];
        Assert.Equal(new long[] { 3, 3, 2, 2 }, stem.Ints("pads", []));
        Assert.Equal(new long[] { 64, 3, 7, 7 }, graph.Initializer(stem.Inputs[1]).Shape);
    }

    [Fact]
    public void Reads_weights_stored_as_raw_data_too()
    {
        var model = TinyModel(new NodeProto { Name = "relu", OpType = "Relu", Input = { "x" }, Output = { "y" } });
        var weights = new float[] { 1.5f, -2f, 3.25f };
        model.Graph.Initializer.Add(new TensorProto
        {
            Name = "w", DataType = (int)TensorProto.Types.DataType.Float, Dims = { 3 },
            RawData = ByteString.CopyFrom(weights.SelectMany(BitConverter.GetBytes).ToArray()),
        });

        var graph = OnnxGraphReader.Convert(model, "tiny");
        Assert.Equal(weights, graph.Initializer("w").Data);
        Assert.Equal(new long[] { 3 }, graph.Initializer("w").Shape);
    }

    [Fact]
    public void A_graph_out_of_topological_order_is_refused()
    {
        var model = TinyModel(
            new NodeProto { Name = "second", OpType = "Relu", Input = { "h" }, Output = { "y" } },
            new NodeProto { Name = "first", OpType = "Relu", Input = { "x" }, Output = { "h" } });

        var error = Assert.Throws<InvalidDataException>(() => OnnxGraphReader.Convert(model, "tiny"));
        Assert.Contains("'second'", error.Message);
        Assert.Contains("topological", error.Message);
    }

    private static ModelProto TinyModel(params NodeProto[] nodes)
    {
        var graph = new GraphProto { Input = { Value("x") }, Output = { Value("y") } };
        graph.Node.AddRange(nodes);
        return new ModelProto { Graph = graph };
    }

    private static ValueInfoProto Value(string name) => new()
    {
        Name = name,
        Type = new TypeProto
        {
            TensorType = new TypeProto.Types.Tensor
            {
                ElemType = (int)TensorProto.Types.DataType.Float,
                Shape = new TensorShapeProto { Dim = { new TensorShapeProto.Types.Dimension { DimValue = 1 }, new TensorShapeProto.Types.Dimension { DimValue = 3 } } },
            },
        },
    };
}
