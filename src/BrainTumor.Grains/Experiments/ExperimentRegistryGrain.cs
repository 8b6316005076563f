namespace BrainTumor.Grains.Experiments;

[GenerateSerializer]
public sealed class ExperimentRegistryState
{
    [Id(0)] public List<string> Experiments { get; set; } = [];
}

/// <summary>Every experiment id, in the order started: the list operators see and the set a starting silo wakes.</summary>
public sealed class ExperimentRegistryGrain([PersistentState("registry")] IPersistentState<ExperimentRegistryState> state) : Grain, IExperimentRegistryGrain
{
    async Task IExperimentRegistryGrain.Add(string experimentId)
    {
        if (state.State.Experiments.Contains(experimentId))
            return;
        state.State.Experiments.Add(experimentId);
        await state.WriteStateAsync();
    }

    Task<IReadOnlyList<string>> IExperimentRegistryGrain.List() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Experiments]);

    async Task<int> IExperimentRegistryGrain.WakeAll()
    {
        var woken = 0;
        foreach (var id in state.State.Experiments)
        {
            var experiment = GrainFactory.GetGrain<IExperimentGrain>(id);
            if ((await experiment.GetInfo())?.Status is RunStatus.Running)
            {
                await experiment.Ensure();
                woken++;
            }
        }
        return woken;
    }
}
