using BrainTumor.Protocol.Supervision;

namespace BrainTumor.Grains.Experiments;

[GenerateSerializer]
public sealed class SupervisorState
{
    [Id(0)] public Dictionary<int, List<DecisionInfo>> Decisions { get; set; } = [];
}

/// <summary>
/// An experiment's supervisor: after each stage of a fold, the policy (adaptive, exhaustive or
/// fixed:K; docs/TRAINING.md) compares the validation metric with the depths before and says
/// "deeper" or "stop". Every decision is kept with the numbers that drove it; asked again about a
/// depth it has decided, it gives the same answer.
/// </summary>
public sealed class SupervisorGrain([PersistentState("supervisor")] IPersistentState<SupervisorState> state) : Grain, ISupervisorGrain
{
    async Task<DecisionInfo> ISupervisorGrain.Decide(string policy, int maxDepth, int fold, IReadOnlyList<StageSummary> stages)
    {
        var depth = stages[^1].Depth;
        if (!state.State.Decisions.TryGetValue(fold, out var decisions))
            state.State.Decisions[fold] = decisions = [];
        if (decisions.FirstOrDefault(d => d.Depth == depth) is { } earlier)
            return earlier;
        var history = stages.Select(s => new StageResult(s.Depth, "accuracy", s.BestValidationAccuracy, s.BestValidationLoss)).ToList();
        var d = SupervisorPolicies.Parse(policy, maxDepth).Decide(history);
        var info = new DecisionInfo(d.Depth, d.Action == SupervisorAction.Deeper, d.ChosenDepth, d.Metric, d.Gain, d.Reason, d.Policy);
        decisions.Add(info);
        await state.WriteStateAsync();
        return info;
    }

    Task<IReadOnlyDictionary<int, IReadOnlyList<DecisionInfo>>> ISupervisorGrain.GetDecisions() =>
        Task.FromResult<IReadOnlyDictionary<int, IReadOnlyList<DecisionInfo>>>(
            state.State.Decisions.ToDictionary(p => p.Key, p => (IReadOnlyList<DecisionInfo>)p.Value));
}
