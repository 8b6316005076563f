using BrainTumor.Learning.Backbones;
using TorchSharp;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Weights;

/// <summary>
/// Loads a weights file into a model whose state-dict keys are the file's: the whole file is
/// matched against the model first, and only then read, tensor by tensor, into the model's own
/// parameters. The output layer of another size (1000 ImageNet classes against a 3-class head) is
/// dropped and reported; any other missing, unexpected or mis-shaped tensor is an error that
/// names it, with both shapes, and leaves the model untouched.
/// </summary>
public static class WeightsImporter
{
    private const int MaxListedProblems = 20;

    public static WeightsImportReport Import(nn.Module model, BlockMap blocks, string path)
    {
        using var file = WeightsFile.Open(path);
        return Import(model, blocks, file);
    }

    public static WeightsImportReport Import(nn.Module model, BlockMap blocks, WeightsFile file)
    {
        var plan = Check(model, blocks, file);
        var targets = model.state_dict();
        var dropped = plan.Dropped.Select(d => d.Key).ToHashSet(StringComparer.Ordinal);
        using (no_grad())
        {
            foreach (var entry in file.Entries.Where(e => !dropped.Contains(e.Key)))
            {
                using var source = file.Read(entry.Key);
                targets[entry.Key].copy_(source);
            }
        }
        return plan with { Loaded = true };
    }

    /// <summary>
    /// What <see cref="Import(nn.Module, BlockMap, WeightsFile)"/> would do, from the file's
    /// declarations alone: no tensor is read and the model may live on the meta device.
    /// Throws, naming every problem, when the file does not fit.
    /// </summary>
    public static WeightsImportReport Check(nn.Module model, BlockMap blocks, WeightsFile file)
    {
        var targets = model.state_dict();
        var problems = new List<string>();
        var dropped = new List<DroppedTensor>();

        var outputMismatch = file.Entries.Any(e => blocks.IsOutputLayer(e.Key) && targets.TryGetValue(e.Key, out var t) && !t.shape.SequenceEqual(e.Shape));
        foreach (var entry in file.Entries)
        {
            if (!targets.TryGetValue(entry.Key, out var target))
            {
                problems.Add($"{entry.Key}: in the file {TensorEntry.Format(entry.Shape)}, not in the model");
                continue;
            }
            if (outputMismatch && blocks.IsOutputLayer(entry.Key))
            {
                dropped.Add(new DroppedTensor(entry.Key, entry.Shape, target.shape));
                continue;
            }
            if (!target.shape.SequenceEqual(entry.Shape))
                problems.Add($"{entry.Key}: shape {TensorEntry.Format(entry.Shape)} in the file, {TensorEntry.Format(target.shape)} in the model");
            else if (entry.DType != target.dtype && !(TensorDTypes.IsFloatingPoint(entry.DType) && TensorDTypes.IsFloatingPoint(target.dtype)))
                problems.Add($"{entry.Key}: {entry.DType} in the file, {target.dtype} in the model");
        }
        foreach (var (key, target) in targets)
            if (file.Find(key) is null)
                problems.Add($"{key}: in the model {TensorEntry.Format(target.shape)}, not in the file");

        if (problems.Count > 0)
        {
            var listed = string.Join(Environment.NewLine, problems.Take(MaxListedProblems).Select(p => "  " + p));
            var more = problems.Count > MaxListedProblems ? $"{Environment.NewLine}  ... and {problems.Count - MaxListedProblems} more" : "";
            throw new InvalidDataException(
                $"{file.Path}: does not fit the model ({problems.Count} problem{(problems.Count == 1 ? "" : "s")}; nothing was loaded):{Environment.NewLine}{listed}{more}");
        }
        var kept = file.Entries.Where(e => !dropped.Any(d => d.Key == e.Key)).ToList();
        return new WeightsImportReport(file.Path, file.Format, kept.Count, kept.Sum(e => e.Count), blocks.OutputLayer, dropped, Loaded: false);
    }
}
