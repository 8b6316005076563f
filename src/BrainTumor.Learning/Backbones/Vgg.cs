using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Backbones;

/// <summary>
/// VGG: K. Simonyan and A. Zisserman, "Very Deep Convolutional Networks for Large-Scale Image
/// Recognition", ICLR 2015 (arXiv:1409.1556), in torchvision's layout, so that its state-dict keys
/// (<c>features.0.weight</c> ... <c>classifier.6.bias</c>) are torchvision's exactly and its
/// ImageNet weights load unchanged. Swati et al. (2019) fine-tune VGG19 and compare VGG16.
/// </summary>
public sealed class Vgg : nn.Module<Tensor, Tensor>, IBlockwiseNetwork
{
    /// <summary>A max pool in a configuration row (every other entry is a convolution's width).</summary>
    private const int Pool = 0;

    /// <summary>torchvision's configurations A, B, D and E (the paper's Table 1), by depth.</summary>
    private static readonly Dictionary<int, int[]> Configurations = new()
    {
        [11] = [64, Pool, 128, Pool, 256, 256, Pool, 512, 512, Pool, 512, 512, Pool],
        [13] = [64, 64, Pool, 128, 128, Pool, 256, 256, Pool, 512, 512, Pool, 512, 512, Pool],
        [16] = [64, 64, Pool, 128, 128, Pool, 256, 256, 256, Pool, 512, 512, 512, Pool, 512, 512, 512, Pool],
        [19] = [64, 64, Pool, 128, 128, Pool, 256, 256, 256, 256, Pool, 512, 512, 512, 512, Pool, 512, 512, 512, 512, Pool],
    };

    private const int HiddenWidth = 4096;
    private const int PooledSide = 7;

    // Field names are the state-dict prefixes (RegisterComponents uses them): keep torchvision's.
    private readonly Sequential features;
    private readonly AdaptiveAvgPool2d avgpool;
    private readonly Sequential classifier;
    private readonly SequentialBlocks _blocks;

    private Vgg(string name, int depth, int classes, int widthDivisor, Device? device) : base(name)
    {
        var layers = new List<nn.Module<Tensor, Tensor>>();
        long channels = 3;
        foreach (var width in ConfigurationOf(depth))
        {
            if (width == Pool)
            {
                layers.Add(nn.MaxPool2d(kernel_size: 2, stride: 2));
                continue;
            }
            var conv = nn.Conv2d(channels, width / widthDivisor, kernel_size: 3, padding: 1, device: device);
            nn.init.kaiming_normal_(conv.weight!, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
            nn.init.zeros_(conv.bias!);
            layers.Add(conv);
            layers.Add(nn.ReLU(inplace: true));
            channels = width / widthDivisor;
        }
        features = nn.Sequential(layers);
        avgpool = nn.AdaptiveAvgPool2d([PooledSide, PooledSide]);
        var hidden = HiddenWidth / widthDivisor;
        classifier = nn.Sequential(
            Linear(channels * PooledSide * PooledSide, hidden, device), nn.ReLU(inplace: true), nn.Dropout(0.5),
            Linear(hidden, hidden, device), nn.ReLU(inplace: true), nn.Dropout(0.5),
            Linear(hidden, classes, device));
        RegisterComponents();
        _blocks = new SequentialBlocks(Blocks(depth), features, avgpool, classifier);
    }

    /// <summary>VGG16 (configuration D): 138,357,544 parameters with 1000 classes.</summary>
    public static Vgg Vgg16(int classes = 1000, int widthDivisor = 1, Device? device = null) => Build(16, classes, widthDivisor, device);

    /// <summary>VGG19 (configuration E), the network of Swati et al.: 143,667,240 parameters with 1000 classes.</summary>
    public static Vgg Vgg19(int classes = 1000, int widthDivisor = 1, Device? device = null) => Build(19, classes, widthDivisor, device);

    /// <summary>
    /// VGG of a depth in <see cref="Configurations"/>, every width (convolutions and the 4096 hidden
    /// units) divided by <paramref name="widthDivisor"/> (1 for the real network; small models for tests).
    /// </summary>
    public static Vgg Build(int depth, int classes, int widthDivisor = 1, Device? device = null)
    {
        var configuration = ConfigurationOf(depth);
        if (classes < 1)
            throw new ArgumentOutOfRangeException(nameof(classes), classes, "expected at least one class");
        if (widthDivisor < 1 || configuration.Append(HiddenWidth).Any(w => w % widthDivisor != 0))
            throw new ArgumentOutOfRangeException(nameof(widthDivisor), widthDivisor, "expected a divisor of 64 (every width must stay whole)");
        return new Vgg($"vgg{depth}", depth, classes, widthDivisor, device);
    }

    /// <summary>
    /// The block map of a depth: block k holds the convolutions (and their ReLUs) between the
    /// (k-1)-th and k-th max pool (VGG19: <c>features</c> 0-3, 5-8, 10-17, 19-26, 28-35, pools at 4,
    /// 9, 18, 27, 36, which hold no parameters and belong to no block); the head is the classifier.
    /// </summary>
    public static BlockMap Blocks(int depth)
    {
        var blocks = new List<ModelBlock>();
        var current = new List<string>();
        var index = 0;
        foreach (var width in ConfigurationOf(depth))
        {
            if (width == Pool)
            {
                blocks.Add(new ModelBlock($"block{blocks.Count + 1}", current));
                current = [];
                index++;
                continue;
            }
            current.Add($"features.{index++}"); // the convolution
            current.Add($"features.{index++}"); // its ReLU
        }
        blocks.Add(new ModelBlock("head", ["classifier"]));
        return new BlockMap(blocks, "classifier.6");
    }

    BlockMap IBlockwiseNetwork.Blocks => _blocks.Blocks;

    /// <summary>Freezes by the block map (VGG has no BatchNorm, so the BatchNorm mode is ignored).</summary>
    public void SetTrainableBlocks(int deepest, UnfrozenBatchNorm unfrozenBatchNorm = UnfrozenBatchNorm.FixedStatistics) =>
        _blocks.SetTrainable(this, deepest);

    public Tensor ForwardBlocks(Tensor input, int from, int to) => _blocks.Forward(input, from, to);

    // Block by block, so that a low-precision Autocast scope reaches every layer.
    public override Tensor forward(Tensor input) => _blocks.Forward(input, 0, _blocks.Blocks.Blocks.Count);

    /// <summary>torchvision's initialisation of VGG's linear layers: N(0, 0.01) weights, zero bias.</summary>
    private static Linear Linear(long inputs, long outputs, Device? device)
    {
        var linear = nn.Linear(inputs, outputs, device: device);
        nn.init.normal_(linear.weight!, 0, 0.01);
        nn.init.zeros_(linear.bias!);
        return linear;
    }

    private static int[] ConfigurationOf(int depth) =>
        Configurations.TryGetValue(depth, out var configuration)
            ? configuration
            : throw new ArgumentOutOfRangeException(nameof(depth), depth, $"VGG depths: {string.Join(", ", Configurations.Keys)}");
}
