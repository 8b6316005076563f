using System.Collections.Concurrent;
using BrainTumor.Learning.Backbones.Onnx;
using BrainTumor.Learning.Data;

namespace BrainTumor.Learning.Backbones.ResNetOnnx;

/// <summary>
/// The backbone <c>resnet18-imagenet</c>: the ImageNet-trained ResNet18 (CNTK 2.6, exported to
/// ONNX) that NuGet package <c>Microsoft.ML.DnnImageFeaturizer.ResNet18</c> 0.23.1 (MIT) carries,
/// rebuilt as a trainable TorchSharp module with a new head, and its input normalisation.
/// The package's build props copy its <c>DnnImageModels/</c> folder next to every program that
/// references this assembly, which is where the files are looked for.
/// </summary>
public static class ResNet18ImageNet
{
    public const string Name = "resnet18-imagenet";
    public const string Package = "Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1";

    /// <summary>The input size the graph and its mean image were made for.</summary>
    public const int InputSize = 224;

    /// <summary>Where the build puts the package's models: <c>DnnImageModels/</c> beside the program.</summary>
    public static string DefaultModelDirectory => Path.Combine(AppContext.BaseDirectory, "DnnImageModels");

    public static string NetworkPath(string? modelDirectory = null) =>
        Path.Combine(modelDirectory ?? DefaultModelDirectory, "ResNet18Onnx", "ResNet18.onnx");

    public static string PreprocessingPath(string? modelDirectory = null) =>
        Path.Combine(modelDirectory ?? DefaultModelDirectory, "ResNetPrepOnnx", "ResNetPreprocess.onnx");

    /// <summary>A ResNet18 with the ImageNet weights and a new, randomly initialised head of <paramref name="classes"/> outputs; only the head trains until <see cref="OnnxResNet.SetTrainableBlocks"/> says otherwise.</summary>
    public static OnnxResNet Create(int classes, string? modelDirectory = null) => new(Topology(modelDirectory), classes);

    // Every fold builds a fresh model: the 64 MB graph is read and analysed once per file, and each
    // model copies the weights out of it (torch.tensor copies), so training never touches the cache.
    private static readonly ConcurrentDictionary<string, Lazy<ResNetTopology>> Topologies = new(StringComparer.Ordinal);

    /// <summary>The analysed graph at <see cref="NetworkPath"/>, read once per process: a caller while it is read waits for it; a failed read is not remembered.</summary>
    public static ResNetTopology Topology(string? modelDirectory = null) => TopologyOf(NetworkPath(modelDirectory));

    /// <summary>The analysed graph of the ONNX file at <paramref name="networkPath"/>, read once per process.</summary>
    public static ResNetTopology TopologyOf(string networkPath)
    {
        var path = Path.GetFullPath(networkPath);
        var topology = Topologies.GetOrAdd(path, p => new Lazy<ResNetTopology>(() => ResNetGraphAnalysis.Analyse(ReadGraph(p))));
        try
        {
            return topology.Value;
        }
        catch
        {
            Topologies.TryRemove(new KeyValuePair<string, Lazy<ResNetTopology>>(path, topology));
            throw;
        }
    }

    /// <summary>RGB 0..255 reordered to BGR minus the 224x224 mean image, as ResNetPreprocess.onnx does it.</summary>
    public static InputNormalization Normalization(string? modelDirectory = null) =>
        CntkPreprocessing.Read(ReadGraph(PreprocessingPath(modelDirectory)), Name);

    internal static OnnxGraph ReadGraph(string path) =>
        File.Exists(path)
            ? OnnxGraphReader.Read(path)
            : throw new FileNotFoundException(
                $"{Name}: {path} is missing. It comes from NuGet package {Package}, whose build props copy " +
                "DnnImageModels/ into the output folder of every project that references BrainTumor.Learning: " +
                "restore and build that project (dotnet build), or pass the folder holding ResNet18Onnx/ and ResNetPrepOnnx/.",
                path);
}
