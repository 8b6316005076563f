namespace BrainTumor.Learning.Weights;

/// <summary>
/// Where a backbone's pretrained weights come from when an experiment names no file: a file in the
/// configured weights folder (torchvision's checkpoints), or one a NuGet package places beside the
/// program, for example. Each kind says where it expects the file and how a user gets it.
/// </summary>
public abstract record WeightsSource
{
    /// <summary>Where the file is expected, given the configured weights folder (appsettings.json
    /// <c>BrainTumor:Weights:Directory</c>).</summary>
    public abstract string ExpectedPath(string weightsDirectory);

    /// <summary>A short label for listings (<c>vgg19-dcbb9e9d.pth in the weights folder</c>).</summary>
    public abstract string Label { get; }

    /// <summary>What a user does to get the file, in one or two sentences.</summary>
    public abstract string HowToObtain { get; }
}
