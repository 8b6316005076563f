using System.Text.RegularExpressions;
using BrainTumor.Imaging.Reading;
using BrainTumor.Learning.Backbones;
using BrainTumor.Protocol.Specs;
using BrainTumor.Protocol.Supervision;

namespace BrainTumor.Grains.Experiments;

/// <summary>
/// Everything about a new experiment that can be checked before anything is written: its id, the
/// backbone, the recipe's numbers, the policy, and that the dataset and weights exist and lie under
/// the configured roots (a path that leaves them, by <c>..</c>, a symbolic link or otherwise, is refused).
/// Nothing here builds a network: whether the weights file fits the backbone is Learning's
/// <see cref="Learning.Jobs.SpecWeightsCheck"/>, which the experiment runs on the silo's <see cref="Devices.CheckWorker"/>.
/// </summary>
public static partial class SpecChecks
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex IdPattern();

    public const string DataRootsName = "data roots (BrainTumor:Experiments:DataRoots)";

    public static void RequireId(string id)
    {
        if (!IdPattern().IsMatch(id) || id.Contains("..", StringComparison.Ordinal))
            throw new ArgumentException($"experiment id '{id}': expected 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }

    /// <summary>The spec with full paths, or an <see cref="ArgumentException"/> naming the first problem.</summary>
    public static ExperimentSpec Validate(ExperimentSpec spec, ExperimentsOptions experiments, WeightsOptions weightsOptions, ImagingOptions imaging)
    {
        spec = spec.Validated();
        var backbone = BackboneRegistry.Get(spec.Backbone);
        try
        {
            SupervisorPolicies.Parse(spec.Policy, backbone.Blocks.BodyBlockCount);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"{ExperimentSpecFields.Policy.Flag} {e.Message}", e);
        }

        if (backbone.FixedInputSize is { } why && spec.InputSize is { } side && side != backbone.InputSize)
            throw new ArgumentException($"{ExperimentSpecFields.InputSize.Flag} {side}: {backbone.Name} takes {backbone.InputSize}x{backbone.InputSize} only ({why})");

        var dataset = Under(spec.Dataset, experiments.DataRoots, "dataset", DataRootsName);
        if (!Directory.Exists(dataset))
            throw new ArgumentException($"dataset {dataset}: no such folder");
        DatasetReaders.ForFolder(dataset, imaging.Limits);

        string? weights = null;
        if (spec.Weights is not null)
        {
            weights = Under(spec.Weights, [weightsOptions.Directory], "weights", "weights directory (BrainTumor:Weights:Directory)");
            if (!File.Exists(weights))
                throw new ArgumentException($"weights {weights}: no such file");
        }
        return spec with { Dataset = dataset, Weights = weights };
    }

    /// <summary>
    /// The full path of <paramref name="path"/>, symbolic links resolved, when it lies under one of
    /// <paramref name="roots"/> (also resolved); a link that leads outside them is refused like <c>..</c>.
    /// </summary>
    public static string Under(string path, IEnumerable<string> roots, string what, string rootsName)
    {
        var full = Path.GetFullPath(path);
        var resolved = ResolvedPath.Of(path);
        var allowed = roots.Select(r => Path.TrimEndingDirectorySeparator(ResolvedPath.Of(r))).ToList();
        if (allowed.Any(r => resolved == r || resolved.StartsWith(r + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
            return resolved;
        var where = resolved == full ? full : $"{full} (through symbolic links: {resolved})";
        throw new ArgumentException($"{what} {where}: outside the configured {rootsName}: {string.Join(", ", allowed)}");
    }
}
