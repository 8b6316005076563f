using BrainTumor.Learning.Backbones.ResNetOnnx;
using BrainTumor.Learning.Data;
using BrainTumor.Learning.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Backbones;

/// <summary>
/// <c>resnet18-imagenet</c>: the ImageNet-trained ResNet18 (He et al., CVPR 2016; trained with
/// CNTK) that NuGet <c>Microsoft.ML.DnnImageFeaturizer.ResNet18</c> carries as ONNX, rebuilt as a
/// trainable module (<see cref="ResNet18ImageNet"/>). Its weights come with the network, so
/// <see cref="Create"/> always returns the pretrained features with a fresh head.
/// </summary>
public sealed class ResNet18ImageNetBackbone : BackboneDefinition
{
    private readonly Lazy<InputNormalization> _normalization = new(() => ResNet18ImageNet.Normalization());

    public override string Name => ResNet18ImageNet.Name;

    public override string Description =>
        "ResNet18 (He et al., CVPR 2016), ImageNet-trained with CNTK, from the ONNX graph in NuGet Microsoft.ML.DnnImageFeaturizer.ResNet18";

    public override int InputSize => ResNet18ImageNet.InputSize;

    public override string FixedInputSize => "its ONNX graph's final pool and the CNTK mean image it subtracts are made for that side";

    /// <summary>x * 255 minus the CNTK BGR mean image, read from ResNetPreprocess.onnx on first use.</summary>
    public override InputNormalization Normalization => _normalization.Value;

    public override BlockMap Blocks { get; } = OnnxResNet.BlocksFor(stages: 4);

    public override WeightsSource DefaultWeights { get; } = new PackagedWeights(ResNet18ImageNet.NetworkPath(), ResNet18ImageNet.Package);

    /// <summary>Parses the 64 MB ONNX graph and the preprocessing graph, kept for every later build (docs/BENCHMARKS.md, "Hot spots", times it).</summary>
    public override void Preload()
    {
        ResNet18ImageNet.Topology();
        _ = Normalization;
    }

    /// <summary>Its layers come from the graph and only the head is drawn at random: <see cref="OnnxResNet.Restart"/>.</summary>
    public override bool Restart(nn.Module<Tensor, Tensor> model, int classes, int widthDivisor = 1)
    {
        if (model is not OnnxResNet network || network.Classes != classes || widthDivisor != 1)
            return false;
        network.Restart();
        return true;
    }

    public override nn.Module<Tensor, Tensor> Create(int classes, int widthDivisor = 1, Device? device = null)
    {
        if (widthDivisor != 1)
            throw new ArgumentOutOfRangeException(nameof(widthDivisor), widthDivisor, $"{Name} is built from its ONNX graph, whose widths are fixed: expected 1");
        var model = ResNet18ImageNet.Create(classes);
        return device is null || device.type == DeviceType.CPU ? model : model.to(device);
    }

    /// <summary>An ONNX graph is checked by building the network from it; any other file (a state
    /// dict saved by a run) is checked like a torchvision file.</summary>
    public override WeightsImportReport CheckWeights(string path, int classes, int widthDivisor = 1)
    {
        if (!string.Equals(Path.GetExtension(path), ".onnx", StringComparison.OrdinalIgnoreCase))
            return base.CheckWeights(path, classes, widthDivisor);
        using var model = new OnnxResNet(ResNet18ImageNet.TopologyOf(path), classes);
        var features = model.named_parameters().Where(p => !Blocks.IsOutputLayer(p.name)).ToList();
        return new WeightsImportReport(Path.GetFullPath(path), "onnx", features.Count, features.Sum(p => p.parameter.numel()), Blocks.OutputLayer, [], Loaded: false);
    }

    /// <summary>Counted on a real build from the graph (read once per process; the ONNX file carries the weights).</summary>
    public override long CountParameters(int classes)
    {
        using var model = ResNet18ImageNet.Create(classes);
        return model.parameters().Sum(p => p.numel());
    }
}
