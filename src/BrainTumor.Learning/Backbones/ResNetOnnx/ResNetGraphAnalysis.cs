using BrainTumor.Learning.Backbones.Onnx;

namespace BrainTumor.Learning.Backbones.ResNetOnnx;

/// <summary>
/// Finds the residual structure in an ONNX graph instead of assuming torchvision's layout: the
/// stem is the Conv-BN-Relu-MaxPool chain from the input; each unit starts where the path forks
/// and ends at the Add that joins the two branches (the longer one Conv-BN-Relu-Conv-BN, the
/// other the identity or a Conv-BN projection) and the Relu after it; units form a new stage
/// wherever the channel count changes; a final AveragePool gives the graph's output. Anything
/// else (another operator, an attribute this port does not reproduce, a node left over) is an
/// error that names it, so a different graph fails loudly rather than being approximated.
/// </summary>
public static class ResNetGraphAnalysis
{
    public static IReadOnlyList<string> SupportedOps { get; } = ["Conv", "BatchNormalization", "Relu", "Add", "MaxPool", "AveragePool"];

    public static ResNetTopology Analyse(OnnxGraph graph)
    {
        var unsupported = graph.Nodes.Where(n => !SupportedOps.Contains(n.OpType)).ToList();
        if (unsupported.Count > 0)
            throw new NotSupportedException(
                $"{graph.Source}: unsupported ONNX op {string.Join(", ", unsupported.Select(n => $"'{n.OpType}' (node '{n.Name}')"))}; " +
                $"this ResNet port supports only {string.Join(", ", SupportedOps)}");
        if (graph.Inputs.Count != 1 || graph.Outputs.Count != 1)
            throw new InvalidDataException($"{graph.Source}: expected one input and one output, found {graph.Inputs.Count} and {graph.Outputs.Count}");
        var input = graph.Inputs[0];
        if (input.Shape.Length != 4 || input.Shape[1] != 3)
            throw new InvalidDataException($"{graph.Source}: expected an input [N, 3, H, W], found '{input.Name}' [{string.Join(", ", input.Shape)}]");
        return new Walker(graph).Walk(input, graph.Outputs[0].Name);
    }

    /// <summary>Follows the graph from its input, taking each node exactly once.</summary>
    private sealed class Walker(OnnxGraph graph)
    {
        private readonly ILookup<string, OnnxNode> _consumers = graph.Nodes
            .SelectMany(n => n.Inputs.Distinct().Select(i => (Tensor: i, Node: n)))
            .ToLookup(p => p.Tensor, p => p.Node);
        private readonly HashSet<OnnxNode> _taken = new(ReferenceEqualityComparer.Instance);

        public ResNetTopology Walk(OnnxValueInfo input, string outputName)
        {
            var stemConv = Take(Single(input.Name, "the stem"), "Conv");
            var stemNorm = Take(Single(stemConv.Outputs[0], "the stem"), "BatchNormalization");
            var stemRelu = Take(Single(stemNorm.Outputs[0], "the stem"), "Relu");
            var maxPool = Take(Single(stemRelu.Outputs[0], "the stem"), "MaxPool");
            var stem = new StemSpec(Conv(stemConv), Norm(stemNorm), Pool(maxPool));

            var units = new List<UnitSpec>();
            var current = maxPool.Outputs[0];
            OnnxNode? averagePool = null;
            while (averagePool is null)
            {
                var next = _consumers[current].ToList();
                if (next is [{ OpType: "AveragePool" } pool])
                    averagePool = Take(pool, "AveragePool");
                else
                    units.Add(Unit(current, out current));
            }
            if (averagePool.Outputs[0] != outputName)
                throw Error($"the final {averagePool} does not produce the graph's output '{outputName}'");
            var left = graph.Nodes.Where(n => !_taken.Contains(n)).ToList();
            if (left.Count > 0)
                throw Error($"nodes outside the recognised ResNet structure: {string.Join(", ", left)}");
            if (units.Count == 0)
                throw Error("no residual unit between the stem and the final pool");

            var pooling = Pool(averagePool);
            if (!pooling.Pads.IsZero)
                throw Error($"{averagePool} pads {pooling.Pads}; only an unpadded final pool is supported");
            return new ResNetTopology(input.Name, input.Shape, outputName, stem, GroupIntoStages(units), pooling);
        }

        /// <summary>One residual unit starting at <paramref name="x"/>; <paramref name="output"/> is its final Relu's output.</summary>
        private UnitSpec Unit(string x, out string output)
        {
            var branches = _consumers[x].ToList();
            if (branches.Count != 2)
                throw Error($"'{x}' should feed the two branches of a residual unit; it feeds {branches.Count} node(s): {string.Join(", ", branches)}");
            var paths = branches.Select(FollowToAdd).OrderByDescending(p => p.Chain.Count).ToList();
            if (!ReferenceEquals(paths[0].Add, paths[1].Add))
                throw Error($"the branches from '{x}' end at different Add nodes ({paths[0].Add}, {paths[1].Add})");
            var main = paths[0].Chain;
            var shortcut = paths[1].Chain;
            ExpectOps(main, ["Conv", "BatchNormalization", "Relu", "Conv", "BatchNormalization"], $"the main branch from '{x}'");
            if (shortcut.Count != 0)
                ExpectOps(shortcut, ["Conv", "BatchNormalization"], $"the shortcut from '{x}'");
            foreach (var node in main.Concat(shortcut).Append(paths[0].Add))
                _taken.Add(node);
            var relu = Take(Single(paths[0].Add.Outputs[0], "a residual unit"), "Relu");
            output = relu.Outputs[0];
            var projection = shortcut.Count == 0 ? null : new ProjectionSpec(Conv(shortcut[0]), Norm(shortcut[1]));
            return new UnitSpec(Conv(main[0]), Norm(main[1]), Conv(main[3]), Norm(main[4]), projection);
        }

        /// <summary>The single-consumer chain from <paramref name="start"/> up to (not including) the Add it reaches.</summary>
        private (List<OnnxNode> Chain, OnnxNode Add) FollowToAdd(OnnxNode start)
        {
            var chain = new List<OnnxNode>();
            var node = start;
            while (node.OpType != "Add")
            {
                chain.Add(node);
                if (chain.Count > 5)
                    throw Error($"no Add within five nodes after {start}: not a basic residual unit");
                node = Single(node.Outputs[0], "a residual branch");
            }
            return (chain, node);
        }

        private static IReadOnlyList<IReadOnlyList<UnitSpec>> GroupIntoStages(List<UnitSpec> units)
        {
            var stages = new List<List<UnitSpec>>();
            foreach (var unit in units)
            {
                if (stages.Count == 0 || stages[^1][^1].OutChannels != unit.OutChannels)
                    stages.Add([]);
                stages[^1].Add(unit);
            }
            return stages;
        }

        private ConvSpec Conv(OnnxNode node)
        {
            var weight = graph.Initializer(node.Inputs[1]);
            if (weight.Shape.Length != 4)
                throw Error($"{node} has a weight of rank {weight.Shape.Length}; a 2-d convolution needs 4");
            var kernel = node.Ints("kernel_shape", weight.Shape[2..]);
            if (!kernel.SequenceEqual(weight.Shape[2..]))
                throw Error($"{node}: kernel_shape [{string.Join(", ", kernel)}] disagrees with its weight [{string.Join(", ", weight.Shape)}]");
            if (node.Int("group", 1) != 1)
                throw Error($"{node} is a grouped convolution (group {node.Int("group", 1)}), which this port does not support");
            if (node.Ints("dilations", [1, 1]).Any(d => d != 1))
                throw Error($"{node} is dilated, which this port does not support");
            ExpectNoAutoPad(node);
            var bias = node.Inputs.Count > 2 && node.Inputs[2] != "" ? graph.Initializer(node.Inputs[2]) : null;
            return new ConvSpec(node.Name, weight, bias, node.Ints("strides", [1, 1]), Pads2d.FromOnnx(node.Ints("pads", [])));
        }

        private BatchNormSpec Norm(OnnxNode node)
        {
            if (node.Int("spatial", 1) != 1)
                throw Error($"{node} normalises per activation (spatial = 0), which this port does not support");
            if (node.Inputs.Count != 5)
                throw Error($"{node} has {node.Inputs.Count} inputs; expected x, scale, bias, mean, variance");
            return new BatchNormSpec(node.Name,
                graph.Initializer(node.Inputs[1]), graph.Initializer(node.Inputs[2]),
                graph.Initializer(node.Inputs[3]), graph.Initializer(node.Inputs[4]),
                node.Float("epsilon", 1e-5f), node.Float("momentum", 0.9f));
        }

        private PoolSpec Pool(OnnxNode node)
        {
            ExpectNoAutoPad(node);
            if (node.Int("ceil_mode", 0) != 0)
                throw Error($"{node} rounds its output size up (ceil_mode), which this port does not support");
            if (node.Ints("dilations", [1, 1]).Any(d => d != 1))
                throw Error($"{node} is dilated, which this port does not support");
            var kernel = node.Ints("kernel_shape", []);
            if (kernel.Length != 2)
                throw Error($"{node} needs a 2-d kernel_shape");
            return new PoolSpec(node.Name, kernel, node.Ints("strides", [1, 1]), Pads2d.FromOnnx(node.Ints("pads", [])));
        }

        private void ExpectNoAutoPad(OnnxNode node)
        {
            if (node.Text("auto_pad") is { Length: > 0 } autoPad && autoPad != "NOTSET")
                throw Error($"{node} uses auto_pad {autoPad}; only explicit pads are supported");
        }

        private OnnxNode Single(string tensor, string context)
        {
            var next = _consumers[tensor].ToList();
            return next.Count == 1
                ? next[0]
                : throw Error($"in {context}, '{tensor}' should feed one node; it feeds {next.Count}{(next.Count > 0 ? ": " + string.Join(", ", next) : "")}");
        }

        private OnnxNode Take(OnnxNode node, string opType)
        {
            if (node.OpType != opType)
                throw Error($"expected {opType}, found {node}");
            _taken.Add(node);
            return node;
        }

        private void ExpectOps(List<OnnxNode> chain, string[] ops, string context)
        {
            if (!chain.Select(n => n.OpType).SequenceEqual(ops))
                throw Error($"{context} is {string.Join("-", chain.Select(n => n.OpType))}; expected {string.Join("-", ops)}");
        }

        private InvalidDataException Error(string message) => new($"{graph.Source}: {message}");
    }
}
