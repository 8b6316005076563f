using BrainTumor.Learning.Data;
using BrainTumor.Learning.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Backbones;

/// <summary>
/// A backbone the platform can fine-tune: how to build it, what input it expects, its blocks and
/// where its pretrained weights come from. One sealed subclass with a public parameterless
/// constructor per file in this assembly; <see cref="BackboneRegistry"/> finds it, so adding a
/// backbone is adding that one file.
/// </summary>
public abstract class BackboneDefinition
{
    /// <summary>The name experiments and the CLI use (<c>vgg19</c>).</summary>
    public abstract string Name { get; }

    /// <summary>The network and its paper, in one line.</summary>
    public abstract string Description { get; }

    /// <summary>Side of the square input, in pixels.</summary>
    public virtual int InputSize => 224;

    /// <summary>Why the network takes <see cref="InputSize"/> only, or null when any side from 32 up works.</summary>
    public virtual string? FixedInputSize => null;

    /// <summary>The input normalisation its pretrained weights were trained with.</summary>
    public abstract InputNormalization Normalization { get; }

    /// <summary>Its blocks, input to output, for block-wise fine-tuning.</summary>
    public abstract BlockMap Blocks { get; }

    /// <summary>Where its pretrained weights come from when an experiment names no file.</summary>
    public abstract WeightsSource DefaultWeights { get; }

    /// <summary>
    /// The network with a new output layer of <paramref name="classes"/> (only the last layer
    /// differs from the ImageNet network), every width divided by <paramref name="widthDivisor"/>
    /// (1 for the real network), its parameters on <paramref name="device"/> (the CPU by default;
    /// <c>meta</c> for shapes without memory).
    /// </summary>
    public abstract nn.Module<Tensor, Tensor> Create(int classes, int widthDivisor = 1, Device? device = null);

    /// <summary>
    /// Reads once, ahead of the first experiment, what every build of the network needs (a graph file
    /// to parse); a silo calls it while it starts (<c>BrainTumor:Experiments:PreloadBackbones</c>).
    /// Nothing to do for most backbones.
    /// </summary>
    public virtual void Preload()
    {
    }

    /// <summary>
    /// Makes a network this definition created what <see cref="Create"/> would return now (its pretrained
    /// weights, a new output layer from libtorch's current RNG state), in place; false when the backbone
    /// cannot, because building it draws random numbers before the output layer, so only a new build
    /// gives the same one (it says so before drawing anything: the caller builds from the same RNG state).
    /// </summary>
    public virtual bool Restart(nn.Module<Tensor, Tensor> model, int classes, int widthDivisor = 1) => false;

    /// <summary>Loads a weights file into a model this definition created; see <see cref="WeightsImporter"/>.</summary>
    public virtual WeightsImportReport ImportWeights(nn.Module<Tensor, Tensor> model, string path) => WeightsImporter.Import(model, Blocks, path);

    /// <summary>
    /// What <see cref="ImportWeights"/> would do with the file for a model of <paramref name="classes"/>
    /// outputs, from the file's declarations alone (the model on the meta device, no tensor read);
    /// throws, naming the problems, when the file does not fit.
    /// </summary>
    public virtual WeightsImportReport CheckWeights(string path, int classes, int widthDivisor = 1)
    {
        using var model = Create(classes, widthDivisor, Meta);
        using var file = WeightsFile.Open(path);
        return WeightsImporter.Check(model, Blocks, file);
    }

    /// <summary>Parameters of the full-width network with <paramref name="classes"/> outputs,
    /// counted on the meta device (shapes only, no memory).</summary>
    public virtual long CountParameters(int classes)
    {
        using var model = Create(classes, 1, Meta);
        return model.parameters().Sum(p => p.numel());
    }

    /// <summary>libtorch's device of shapes without storage.</summary>
    protected static Device Meta { get; } = new(DeviceType.META);
}
