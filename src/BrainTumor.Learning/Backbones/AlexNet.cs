using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Backbones;

/// <summary>
/// AlexNet as torchvision builds it: the single-tower variant of A. Krizhevsky, "One weird trick
/// for parallelizing convolutional neural networks", arXiv:1404.5997 (2014), after Krizhevsky,
/// Sutskever and Hinton, "ImageNet Classification with Deep Convolutional Neural Networks", NIPS
/// 2012; torchvision's layout and state-dict keys, so its ImageNet weights load unchanged. One of
/// the comparisons of Swati et al. (2019).
/// </summary>
public sealed class AlexNet : nn.Module<Tensor, Tensor>, IBlockwiseNetwork
{
    private const int HiddenWidth = 4096;
    private const int PooledSide = 6;

    /// <summary>Output widths of the five convolutions; with the hidden width, what a width divisor must divide.</summary>
    private static readonly int[] ConvolutionWidths = [64, 192, 384, 256, 256];

    /// <summary>Index in <c>features</c> of each convolution (ReLUs and max pools between them).</summary>
    private static readonly int[] ConvolutionIndices = [0, 3, 6, 8, 10];

    // Field names are the state-dict prefixes (RegisterComponents uses them): keep torchvision's.
    private readonly Sequential features;
    private readonly AdaptiveAvgPool2d avgpool;
    private readonly Sequential classifier;
    private readonly SequentialBlocks _blocks;

    private AlexNet(int classes, int widthDivisor, Device? device) : base("alexnet")
    {
        var w = ConvolutionWidths.Select(c => (long)(c / widthDivisor)).ToArray();
        features = nn.Sequential(
            nn.Conv2d(3, w[0], kernel_size: 11, stride: 4, padding: 2, device: device), nn.ReLU(inplace: true), nn.MaxPool2d(kernel_size: 3, stride: 2),
            nn.Conv2d(w[0], w[1], kernel_size: 5, padding: 2, device: device), nn.ReLU(inplace: true), nn.MaxPool2d(kernel_size: 3, stride: 2),
            nn.Conv2d(w[1], w[2], kernel_size: 3, padding: 1, device: device), nn.ReLU(inplace: true),
            nn.Conv2d(w[2], w[3], kernel_size: 3, padding: 1, device: device), nn.ReLU(inplace: true),
            nn.Conv2d(w[3], w[4], kernel_size: 3, padding: 1, device: device), nn.ReLU(inplace: true), nn.MaxPool2d(kernel_size: 3, stride: 2));
        avgpool = nn.AdaptiveAvgPool2d([PooledSide, PooledSide]);
        var hidden = HiddenWidth / widthDivisor;
        classifier = nn.Sequential(
            nn.Dropout(0.5), nn.Linear(w[4] * PooledSide * PooledSide, hidden, device: device), nn.ReLU(inplace: true),
            nn.Dropout(0.5), nn.Linear(hidden, hidden, device: device), nn.ReLU(inplace: true),
            nn.Linear(hidden, classes, device: device));
        RegisterComponents();
        _blocks = new SequentialBlocks(Blocks, features, avgpool, classifier);
    }

    /// <summary>
    /// AlexNet with <paramref name="classes"/> outputs (61,100,840 parameters with 1000), every width
    /// divided by <paramref name="widthDivisor"/> (1 for the real network; small models for tests).
    /// torchvision keeps PyTorch's default initialisation here, and so do we.
    /// </summary>
    public static AlexNet Create(int classes = 1000, int widthDivisor = 1, Device? device = null)
    {
        if (classes < 1)
            throw new ArgumentOutOfRangeException(nameof(classes), classes, "expected at least one class");
        if (widthDivisor < 1 || ConvolutionWidths.Append(HiddenWidth).Any(c => c % widthDivisor != 0))
            throw new ArgumentOutOfRangeException(nameof(widthDivisor), widthDivisor, "expected a divisor of 64 (every width must stay whole)");
        return new AlexNet(classes, widthDivisor, device);
    }

    /// <summary>
    /// AlexNet's blocks: one per convolution (with its ReLU), <c>features</c> 0, 3, 6, 8 and 10.
    /// Its convolutions are not grouped between pools the way VGG's are (the last three share one
    /// pool), so one block each gives the fine-tuning ladder five steps below the head, as VGG has,
    /// and the networks compare stage for stage.
    /// </summary>
    public static BlockMap Blocks { get; } = new(
        [
            .. ConvolutionIndices.Select((index, k) => new ModelBlock($"block{k + 1}", [$"features.{index}", $"features.{index + 1}"])),
            new ModelBlock("head", ["classifier"]),
        ],
        "classifier.6");

    BlockMap IBlockwiseNetwork.Blocks => _blocks.Blocks;

    /// <summary>Freezes by the block map (AlexNet has no BatchNorm, so the BatchNorm mode is ignored).</summary>
    public void SetTrainableBlocks(int deepest, UnfrozenBatchNorm unfrozenBatchNorm = UnfrozenBatchNorm.FixedStatistics) =>
        _blocks.SetTrainable(this, deepest);

    public Tensor ForwardBlocks(Tensor input, int from, int to) => _blocks.Forward(input, from, to);

    // Block by block, so that a low-precision Autocast scope reaches every layer.
    public override Tensor forward(Tensor input) => _blocks.Forward(input, 0, Blocks.Blocks.Count);
}
