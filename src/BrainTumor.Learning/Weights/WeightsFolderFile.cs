namespace BrainTumor.Learning.Weights;

/// <summary>A weights file the user places in the configured weights folder, under this name.</summary>
public sealed record WeightsFolderFile(string FileName, string Origin) : WeightsSource
{
    public override string ExpectedPath(string weightsDirectory) => Path.GetFullPath(Path.Combine(weightsDirectory, FileName));

    public override string Label => $"{FileName} in the weights folder";

    public override string HowToObtain => $"{Origin}; put it in the weights folder (appsettings.json BrainTumor:Weights:Directory) as {FileName} (README: Pretrained weights).";
}
