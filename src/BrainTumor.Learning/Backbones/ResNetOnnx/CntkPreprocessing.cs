using BrainTumor.Learning.Backbones.Onnx;
using BrainTumor.Learning.Data;

namespace BrainTumor.Learning.Backbones.ResNetOnnx;

/// <summary>
/// Reads the input normalisation from ML.NET's preprocessing graph for the CNTK ResNet18
/// (<c>ResNetPreprocess.onnx</c>): Split the RGB input (0..255) into channels, Concat them in
/// another order (BGR), Sub a mean image. The mean image is taken from the graph, not copied
/// into our code, and the graph must be exactly that, so a different preprocessing (a scale, a
/// division) cannot be mistaken for it.
/// </summary>
public static class CntkPreprocessing
{
    public static InputNormalization Read(OnnxGraph graph, string name)
    {
        if (graph.Nodes is not [{ OpType: "Split" } split, { OpType: "Concat" } concat, { OpType: "Sub" } sub])
            throw Error(graph, $"expected Split, Concat, Sub; found {string.Join(", ", graph.Nodes.Select(n => n.OpType))}");
        if (graph.Inputs is not [var input] || input.Shape is not [_, 3, var height, var width] || height != width)
            throw Error(graph, "expected one square input [N, 3, S, S]");
        if (split.Inputs[0] != input.Name || split.Int("axis", 0) != 1 || split.Outputs.Count != 3)
            throw Error(graph, $"{split} should split '{input.Name}' into its three channels");
        if (concat.Int("axis", -1) != 1 || concat.Inputs.Count != 3 || !concat.Inputs.Order().SequenceEqual(split.Outputs.Order()))
            throw Error(graph, $"{concat} should join the three channels of {split} again");
        if (sub.Inputs.Count != 2 || sub.Inputs[0] != concat.Outputs[0] || graph.Outputs is not [var output] || sub.Outputs[0] != output.Name)
            throw Error(graph, $"{sub} should subtract a mean image from the reordered channels and give the output");
        var mean = graph.Initializer(sub.Inputs[1]);
        if (!mean.Shape.SequenceEqual([1L, 3, height, width]))
            throw Error(graph, $"mean image '{mean.Name}' has shape [{string.Join(", ", mean.Shape)}]; expected [1, 3, {height}, {width}]");
        // Channel order as indices of the input channels (BGR from RGB is 2, 1, 0); the grey
        // slices have equal channels, so only the mean image's planes depend on it, and they are
        // already in the network's order.
        var order = concat.Inputs.Select(i => split.Outputs.ToList().IndexOf(i));
        return new InputNormalization(
            $"{name}: RGB 0..255, channels ({string.Join(", ", order)}), minus a {height}x{width} mean image",
            Scale: 255f, Mean: [0f, 0f, 0f], Std: [1f, 1f, 1f],
            MeanImage: new MeanImage((int)height, mean.Data));
    }

    private static InvalidDataException Error(OnnxGraph graph, string message) =>
        new($"{graph.Source}: not the CNTK ResNet preprocessing graph: {message}");
}
