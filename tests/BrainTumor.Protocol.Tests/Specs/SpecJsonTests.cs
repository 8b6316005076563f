using System.Text.Json.Nodes;
using BrainTumor.Protocol.Specs;

namespace BrainTumor.Protocol.Tests.Specs;

public class SpecJsonTests
{
    private static readonly ExperimentSpec Spec = ExperimentSpec.For("/data/cemri") with
    {
        Backbone = "vgg19", FoldsFrom = "cheng_fold", InputSize = 256, Policy = "fixed:1", Epochs = 2, MaxItems = 600, LabelSmoothing = 0.1,
    };

    [Fact]
    public void A_spec_is_written_in_snake_case_after_its_format_version_and_read_back_equal()
    {
        var json = SpecJson.Write(Spec);
        var keys = JsonNode.Parse(json)!.AsObject().Select(p => p.Key).ToList();
        Assert.Equal(["format_version", .. ExperimentSpecFields.All.Select(f => f.Key)], keys);
        Assert.Equal(2, JsonNode.Parse(json)!["format_version"]!.GetValue<int>());
        Assert.Equal(600, JsonNode.Parse(json)!["max_items"]!.GetValue<int>());
        Assert.Equal(Spec, SpecJson.Read(json, "spec.json"));
    }

    [Fact]
    public void A_format_1_file_with_pascal_case_keys_is_still_read()
    {
        const string formatOne = """{ "Dataset": "/data/cemri", "Backbone": "vgg19", "FoldsFrom": "cheng_fold", "InputSize": 256, "Policy": "fixed:1", "Epochs": 2, "MaxItems": 600, "LabelSmoothing": 0.1 }""";
        Assert.Equal(Spec, SpecJson.Read(formatOne, "old/spec.json"));
    }

    [Theory]
    [InlineData("""{ "format_version": 3, "dataset": "d" }""", "run/spec.json: format_version 3; this version reads spec files of format 1 and 2")]
    [InlineData("""{ "format_version": 2, "dataset": "d", "epoch": 3 }""", "run/spec.json: unknown key \"epoch\" (format 2); expected dataset, backbone,")]
    [InlineData("""{ "format_version": 2, "dataset": "d", "epochs": "three" }""", "run/spec.json: \"epochs\" has the wrong type; expected a whole number")]
    [InlineData("""{ "format_version": 2, "dataset": "d", "input_size": true }""", "run/spec.json: \"input_size\" has the wrong type; expected a whole number or null")]
    [InlineData("""{ "format_version": 2, "dataset": "d", "epochs": 0 }""", "run/spec.json: --epochs 0: expected a whole number from 1")]
    [InlineData("""{ "format_version": 2, "backbone": "vgg19" }""", "run/spec.json: no \"dataset\"; an experiment spec names its dataset folder")]
    [InlineData("""{ "Backbone": "vgg19" }""", "run/spec.json: no \"Dataset\"")]
    [InlineData("""[1, 2]""", "run/spec.json: expected a JSON object")]
    [InlineData("""{ "dataset": """, "run/spec.json: not valid JSON (line 1)")]
    public void A_bad_file_is_refused_naming_the_file_and_what_is_wrong(string json, string message)
    {
        var error = Assert.Throws<InvalidDataException>(() => SpecJson.Read(json, "run/spec.json"));
        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void Parse_keeps_values_as_written_for_the_receiver_to_refuse()
    {
        var bad = Spec with { Epochs = 0 };
        Assert.Equal(bad, SpecJson.Parse(SpecJson.Write(bad), "request"));
        Assert.StartsWith("request: --epochs 0", Assert.Throws<InvalidDataException>(() => SpecJson.Read(SpecJson.Write(bad), "request")).Message);
    }
}
