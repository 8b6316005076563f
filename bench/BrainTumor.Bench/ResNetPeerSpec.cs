using BrainTumor.Learning.Backbones.ResNetOnnx;

namespace BrainTumor.Bench;

/// <summary>
/// The structure of resnet18-imagenet (as read from its ONNX graph) in the shape the PyTorch peer
/// builds its network from (bench/pytorch_training_peer.py): shapes, strides and the exact four
/// pads of every convolution and pool, without weights (those travel as a state dict).
/// </summary>
internal static class ResNetPeerSpec
{
    public static object Of(ResNetTopology topology) => new
    {
        stem = new { conv = Conv(topology.Stem.Conv), eps = topology.Stem.Norm.Epsilon, pool = Pool(topology.Stem.MaxPool) },
        stages = topology.Stages.Select(stage => stage.Select(u => new
        {
            conv1 = Conv(u.Conv1),
            eps1 = u.Norm1.Epsilon,
            conv2 = Conv(u.Conv2),
            eps2 = u.Norm2.Epsilon,
            projection = u.Projection is { } p ? new { conv = Conv(p.Conv), eps = p.Norm.Epsilon } : null,
        })),
        avgpool = Pool(topology.AveragePool),
    };

    private static object Conv(ConvSpec conv) => new Dictionary<string, object>
    {
        ["in"] = conv.Weight.Shape[1],
        ["out"] = conv.Weight.Shape[0],
        ["kernel"] = conv.Weight.Shape[2..],
        ["strides"] = conv.Strides,
        ["pads"] = Pads(conv.Pads),
        ["bias"] = conv.Bias is not null,
    };

    private static object Pool(PoolSpec pool) => new { kernel = pool.Kernel, strides = pool.Strides, pads = Pads(pool.Pads) };

    private static long[] Pads(Pads2d pads) => [pads.Top, pads.Left, pads.Bottom, pads.Right];
}
