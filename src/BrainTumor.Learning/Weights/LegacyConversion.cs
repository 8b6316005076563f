namespace BrainTumor.Learning.Weights;

/// <summary>The one-line fix for a PyTorch checkpoint this reader does not take: let PyTorch
/// rewrite it in the zip format that <c>torch.save</c> writes since PyTorch 1.6.</summary>
public static class LegacyConversion
{
    /// <summary>The command that rewrites <paramref name="path"/> as <c>NAME-zip.pth</c> beside it.</summary>
    public static string Command(string path)
    {
        var converted = Path.Combine(Path.GetDirectoryName(path) ?? "", Path.GetFileNameWithoutExtension(path) + "-zip.pth");
        return $"python3 -c \"import torch; torch.save(torch.load('{path}', map_location='cpu'), '{converted}')\"";
    }

    /// <summary>The advice sentence that ends a refusal.</summary>
    public static string Advice(string path) => $"convert it once with PyTorch (1.6 or later): {Command(path)}";
}
