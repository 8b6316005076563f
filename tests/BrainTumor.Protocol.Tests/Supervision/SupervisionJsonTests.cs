using System.Text.Json;
using System.Text.Json.Nodes;
using BrainTumor.Protocol.Supervision;

namespace BrainTumor.Protocol.Tests.Supervision;

/// <summary>The report shows these decisions "with their numbers"; it reads these names.</summary>
public class SupervisionJsonTests
{
    [Fact]
    public void A_decision_serialises_in_snake_case_and_round_trips()
    {
        var decision = Ladder.Replay(new AdaptivePolicy(0.005, 1, 5), 0.80, 0.82, 0.81)[2];
        var text = JsonSerializer.Serialize(decision);
        var json = JsonNode.Parse(text)!.AsObject();

        Assert.Equal(
            ["policy", "action", "depth", "next_depth", "chosen_depth", "reason", "metric_name", "metric", "validation_loss",
             "best_before", "best_before_depth", "gain", "best_metric", "best_depth", "max_depth",
             "threshold", "patience", "stages_without_gain", "patience_left"],
            json.Select(p => p.Key));
        Assert.Equal("deeper", json["action"]!.GetValue<string>());
        Assert.Equal(3, json["next_depth"]!.GetValue<int>());
        Assert.Equal(decision, JsonSerializer.Deserialize<SupervisorDecision>(text));
    }

    [Fact]
    public void A_stop_writes_stop_and_a_null_next_depth()
    {
        var json = JsonNode.Parse(JsonSerializer.Serialize(new FixedPolicy(0).Decide(Ladder.History(0.7))))!.AsObject();
        Assert.Equal("stop", json["action"]!.GetValue<string>());
        Assert.True(json.ContainsKey("next_depth"));
        Assert.Null(json["next_depth"]);
        Assert.Null(json["threshold"]);
    }

    [Fact]
    public void A_stage_result_serialises_in_snake_case()
    {
        var json = JsonNode.Parse(JsonSerializer.Serialize(new StageResult(2, "macro_f1", 0.9, 0.3)))!.AsObject();
        Assert.Equal(["depth", "metric_name", "metric", "validation_loss", "best_epoch"], json.Select(p => p.Key));
    }
}
