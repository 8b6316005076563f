using System.Text.Json;
using System.Text.Json.Nodes;
using BrainTumor.Protocol.Metrics;

namespace BrainTumor.Protocol.Tests.Metrics;

/// <summary>The report reads these names; a rename here breaks <c>experiment report --json</c>.</summary>
public class MetricsJsonTests
{
    private static readonly string[] Labels = ["meningioma", "glioma", "pituitary"];

    [Fact]
    public void Classification_metrics_serialise_in_snake_case_with_null_auc()
    {
        var m = ClassificationMetrics.Compute(new ConfusionMatrix(Labels, [[3, 1, 0], [0, 3, 0], [0, 1, 2]]));
        var json = JsonNode.Parse(JsonSerializer.Serialize(m))!;

        Assert.Equal(0.8, json["accuracy"]!.GetValue<double>(), 12);
        var meningioma = json["per_class"]!["meningioma"]!;
        Assert.Equal(["precision", "recall", "specificity", "f1", "support", "auc"], meningioma.AsObject().Select(p => p.Key));
        Assert.Null(meningioma["auc"]);
        Assert.True(meningioma.AsObject().ContainsKey("auc"));
        Assert.Equal(["precision", "recall", "specificity", "f1", "auc"], json["macro"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["labels", "counts"], json["confusion_matrix"]!.AsObject().Select(p => p.Key));
        Assert.Equal(Labels, json["per_class"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void Fold_summary_gives_the_report_its_names_and_round_trips()
    {
        var summary = FoldSummary.Of(
        [
            new FoldMetrics(1, ClassificationMetrics.Compute(new ConfusionMatrix(Labels, [[3, 1, 0], [0, 3, 0], [0, 1, 2]]))),
            new FoldMetrics(2, ClassificationMetrics.Compute(new ConfusionMatrix(Labels, [[3, 0, 0], [0, 3, 1], [0, 0, 3]]))),
        ]);
        var text = JsonSerializer.Serialize(summary);
        var json = JsonNode.Parse(text)!;

        Assert.Equal(0.85, json["mean_accuracy"]!.GetValue<double>(), 12);
        Assert.NotNull(json["sd_accuracy"]);
        Assert.NotNull(json["per_class"]!["glioma"]!["f1"]!["mean"]);
        Assert.NotNull(json["per_class"]!["glioma"]!["specificity"]!["sd"]);
        Assert.NotNull(json["pooled_confusion_matrix"]!["counts"]);
        Assert.Equal(2, json["folds"]!.AsArray().Count);

        var back = JsonSerializer.Deserialize<FoldSummary>(text)!;
        Assert.Equal(text, JsonSerializer.Serialize(back));
    }
}
