using BrainTumor.Imaging.Storage;
using BrainTumor.Protocol.Specs;

namespace BrainTumor.Learning.Prediction;

/// <summary>A run folder's spec.json: the experiment's spec (<see cref="SpecJson"/>), from which prediction rebuilds the network its weights were saved from.</summary>
public static class SpecFile
{
    /// <summary>The spec in <paramref name="path"/>; errors name the file and the key that is wrong.</summary>
    public static ExperimentSpec Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: not found; expected a run's spec.json (the experiment's settings)", path);
        return SpecJson.Read(File.ReadAllText(path), path);
    }

    public static void Write(string path, ExperimentSpec spec) =>
        AtomicFile.Write(path, partial => File.WriteAllText(partial, SpecJson.Write(spec)));
}
