namespace BrainTumor.Grains.Experiments;

[GenerateSerializer]
public sealed class ExperimentRegistryState
{
    [Id(0)] public List<string> Experiments { get; set; } = [];

    /// <summary>
    /// The experiments not recorded as ended; null until the first silo start has looked at every
    /// experiment (a new registry, or one written before this was kept).
    /// </summary>
    [Id(1)] public List<string>? Running { get; set; }
}

/// <summary>
/// Every experiment id, in the order started: the list operators see; and the ones still running, the
/// set a starting silo wakes (looking at every experiment ever run would activate each of them on
/// every start, and hold this grain, and so every new experiment, for as long).
/// </summary>
public sealed class ExperimentRegistryGrain([PersistentState("registry")] IPersistentState<ExperimentRegistryState> state) : Grain, IExperimentRegistryGrain
{
    async Task IExperimentRegistryGrain.Add(string experimentId)
    {
        var listed = state.State.Experiments.Contains(experimentId);
        var running = state.State.Running is not { } ids || ids.Contains(experimentId);
        if (listed && running)
            return;
        if (!listed)
            state.State.Experiments.Add(experimentId);
        if (!running)
            state.State.Running!.Add(experimentId);
        await state.WriteStateAsync();
    }

    async Task IExperimentRegistryGrain.Ended(string experimentId)
    {
        if (state.State.Running?.Remove(experimentId) == true)
            await state.WriteStateAsync();
    }

    Task<IReadOnlyList<string>> IExperimentRegistryGrain.List() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Experiments]);

    Task<IReadOnlyList<string>> IExperimentRegistryGrain.Running() =>
        Task.FromResult<IReadOnlyList<string>>([.. state.State.Experiments.Where(id => state.State.Running?.Contains(id) ?? true)]);

    async Task<int> IExperimentRegistryGrain.WakeAll()
    {
        var running = new List<string>();
        foreach (var id in state.State.Running ?? state.State.Experiments)
        {
            var experiment = GrainFactory.GetGrain<IExperimentGrain>(id);
            if ((await experiment.GetInfo())?.Status is RunStatus.Running)
            {
                await experiment.Ensure();
                running.Add(id);
            }
        }
        if (state.State.Running is null || !running.SequenceEqual(state.State.Running))
        {
            state.State.Running = running; // also drops an experiment that ended without telling (its silo died in between)
            await state.WriteStateAsync();
        }
        return running.Count;
    }
}
