using System.CommandLine;
using System.Text.Json;
using BrainTumor.Hosting;
using BrainTumor.Protocol.Labels;
using BrainTumor.Learning.Backbones;
using BrainTumor.Learning.Data;
using BrainTumor.Learning.Weights;

namespace BrainTumor.Client.Commands;

/// <summary><c>backbones [NAME] [--json]</c>: the networks an experiment can fine-tune, and whether their weights are here.</summary>
internal static class BackboneCommands
{
    /// <summary>snake_case names, as the results of the other commands.</summary>
    private static readonly JsonSerializerOptions SnakeCaseJson = new(CliOutput.Json) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Command Create()
    {
        var name = new Argument<string?>("name") { Description = "Show only this backbone.", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var command = new Command("backbones", "List the backbones: input size, normalisation, blocks, parameters and whether their pretrained weights are present (appsettings.json: BrainTumor:Weights:Directory).")
        {
            name, json,
        };
        command.SetAction(parse => CliOutput.Run(() =>
        {
            var weightsDirectory = BrainTumorConfiguration.Load().Read<WeightsOptions, WeightsOptionsValidator>(WeightsOptions.Section).Directory;
            var backbones = parse.GetValue(name) is { } only ? [BackboneRegistry.Get(only)] : BackboneRegistry.All;
            var classes = Enum.GetValues<TumorClass>().Length;
            var listings = backbones.Select(b => Describe(b, classes, weightsDirectory)).ToList();
            if (parse.GetValue(json))
                Console.Out.WriteLine(JsonSerializer.Serialize(listings, SnakeCaseJson));
            else
                listings.ForEach(WriteText);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static BackboneListing Describe(BackboneDefinition backbone, int classes, string weightsDirectory)
    {
        var weights = WeightsChoice.For(backbone, weightsDirectory);
        var (usable, status) = weights.Present ? Check(backbone, weights.Path, classes) : (false, weights.Describe());
        return new BackboneListing(
            backbone.Name,
            backbone.Description,
            backbone.InputSize,
            backbone.Normalization,
            backbone.Blocks.Blocks.Select(b => new BlockListing(b.Name, b.Prefixes)).ToList(),
            backbone.Blocks.OutputLayer,
            classes,
            backbone.CountParameters(classes),
            new WeightsListing(backbone.DefaultWeights.Label, weights.Path, weights.Present, usable, status));
    }

    /// <summary>Whether a present weights file fits the backbone, from its declarations (cheap even for 548 MiB).</summary>
    private static (bool Usable, string Status) Check(BackboneDefinition backbone, string path, int classes)
    {
        try
        {
            return (true, backbone.CheckWeights(path, classes).Describe());
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return (false, $"present but not usable: {e.Message}");
        }
    }

    private static void WriteText(BackboneListing b)
    {
        var o = Console.Out;
        o.WriteLine($"{b.Name}: {b.Description}");
        o.WriteLine($"  input       {b.InputSize}x{b.InputSize}, normalisation {b.Normalization.Name} (mean {string.Join(" ", b.Normalization.Mean)}, std {string.Join(" ", b.Normalization.Std)})");
        o.WriteLine($"  parameters  {b.Parameters:N0} with a {b.Classes}-class output layer ({b.OutputLayer})");
        o.WriteLine($"  blocks      {string.Join(" | ", b.Blocks.Select(k => $"{k.Name} {Compact(k.Prefixes)}"))}");
        o.WriteLine($"  weights     {b.Weights.Source}: {b.Weights.Path} ({(b.Weights.Usable ? "present" : b.Weights.Present ? "NOT USABLE" : "missing")})");
        o.WriteLine($"              {b.Weights.Status}");
        o.WriteLine();
    }

    /// <summary>Module paths with runs of consecutive indices shortened: <c>features.0-3</c>.</summary>
    private static string Compact(IReadOnlyList<string> prefixes)
    {
        var parts = new List<string>();
        for (var i = 0; i < prefixes.Count; i++)
        {
            var (stem, first) = Split(prefixes[i]);
            var last = first;
            while (first is not null && i + 1 < prefixes.Count && Split(prefixes[i + 1]) is var (nextStem, next) && nextStem == stem && next == last + 1)
            {
                last = next;
                i++;
            }
            parts.Add(first is null ? prefixes[i] : last == first ? $"{stem}.{first}" : $"{stem}.{first}-{last}");
        }
        return string.Join(",", parts);

        static (string Stem, int? Index) Split(string prefix)
        {
            var dot = prefix.LastIndexOf('.');
            return dot > 0 && int.TryParse(prefix.AsSpan(dot + 1), out var index) ? (prefix[..dot], index) : (prefix, null);
        }
    }

    // The JSON shape of `backbones --json`.
    private sealed record BackboneListing(
        string Name,
        string Description,
        int InputSize,
        InputNormalization Normalization,
        IReadOnlyList<BlockListing> Blocks,
        string OutputLayer,
        int Classes,
        long Parameters,
        WeightsListing Weights);

    private sealed record BlockListing(string Name, IReadOnlyList<string> Prefixes);

    private sealed record WeightsListing(string Source, string Path, bool Present, bool Usable, string Status);
}
