using BrainTumor.Protocol.Supervision;

namespace BrainTumor.Protocol.Tests.Supervision;

/// <summary>Builds stage histories and replays a policy over them, one decision per stage.</summary>
internal static class Ladder
{
    /// <summary>Depths 0, 1, ... with these validation accuracies (loss 1 - accuracy, only carried along).</summary>
    public static StageResult[] History(params double[] metrics) =>
        [.. metrics.Select((m, depth) => new StageResult(depth, "accuracy", m, 1 - m))];

    /// <summary>The decision after each stage, as a supervisor asks it stage by stage.</summary>
    public static SupervisorDecision[] Replay(ISupervisorPolicy policy, params double[] metrics)
    {
        var history = History(metrics);
        return [.. Enumerable.Range(1, history.Length).Select(n => policy.Decide(history[..n]))];
    }
}
