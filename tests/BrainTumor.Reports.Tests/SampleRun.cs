using System.Text.Json;
using System.Text.Json.Nodes;
using BrainTumor.Imaging.Folds;
using BrainTumor.Protocol.Metrics;
using BrainTumor.Protocol.Runs;
using BrainTumor.Protocol.Specs;
using BrainTumor.Reports.Building;
using BrainTumor.Reports.Document;
using BrainTumor.Testing;

namespace BrainTumor.Reports.Tests;

/// <summary>
/// The run folder of a real tiny experiment (tests/fixtures/sample-run/tiny: VGG19 at width/8,
/// 64x64, random weights, fixed:1 over 2 folds of 60 sample slices; its JSON files only, not its
/// weights), read the way the grains read it. Every fold predicted one class for all its test
/// slices, which makes its rates easy to work out by hand.
/// </summary>
public static class SampleRun
{
    public const string FixtureName = "sample-run/tiny";

    public static string Fixture => Path.Combine(TestPaths.Fixtures, FixtureName);

    /// <summary>The run's start and end as its experiment grain recorded them.</summary>
    public static readonly DateTimeOffset Created = DateTimeOffset.Parse("2026-11-26T01:18:31.7672111+00:00", System.Globalization.CultureInfo.InvariantCulture);
    public static readonly DateTimeOffset Finished = DateTimeOffset.Parse("2026-11-26T01:18:44.8362591+00:00", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>VGG19 as Learning's registry describes it: 224 pixels, five blocks and the head.</summary>
    public static readonly BackboneFacts Vgg19 = new("vgg19", 224, ["block1", "block2", "block3", "block4", "block5", "head"]);

    public static readonly StartingWeights RandomWeights = new(false, "Random initial weights (no vgg19 weights file at weights/vgg19-dcbb9e9d.pth when the report was written)");

    /// <summary>A copy of the fixture in a new folder, so a test may write its report there.</summary>
    public static string Copy() => TestPaths.CopyFixture(FixtureName, TestPaths.NewTempDirectory("report"));

    public static ExperimentRun Load(string folder)
    {
        var spec = SpecJson.Read(File.ReadAllText(Path.Combine(folder, "spec.json")), "spec.json");
        var folds = Directory.EnumerateDirectories(folder, "fold-*").Order(StringComparer.Ordinal).Select(FoldRun).ToList();
        return new ExperimentRun("tiny", spec, Vgg19, Created, Finished, RandomWeights, FoldPlanStore.Load(Path.Combine(folder, FoldPlanStore.FileName)), folds);
    }

    private static FoldRun FoldRun(string foldFolder)
    {
        var test = JsonNode.Parse(File.ReadAllText(Path.Combine(foldFolder, "test.json")))!;
        var stages = Directory.EnumerateFiles(foldFolder, "stage-*.json")
            .Select(f => JsonSerializer.Deserialize<StageOutcome>(File.ReadAllText(f))!)
            .OrderBy(s => s.Depth).ToList();
        return new FoldRun(test["fold"]!.GetValue<int>(), stages, test["depth"]!.GetValue<int>(), test["evaluation"].Deserialize<EvaluationResult>()!);
    }
}
