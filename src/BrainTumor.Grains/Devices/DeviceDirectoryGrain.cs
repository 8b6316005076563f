namespace BrainTumor.Grains.Devices;

/// <summary>What the directory keeps: each silo's trainer keys.</summary>
[GenerateSerializer]
public sealed class DeviceDirectoryState
{
    [Id(0)] public Dictionary<string, List<string>> Trainers { get; set; } = [];
}

/// <summary>
/// The devices of the cluster. Silos register their trainers when they start; the list leaves out
/// silos that membership no longer calls active, so a dead machine's devices get no work.
/// </summary>
public sealed class DeviceDirectoryGrain(
    [PersistentState("devices")] IPersistentState<DeviceDirectoryState> state,
    IClusterMembershipService membership) : Grain, IDeviceDirectoryGrain
{
    async Task IDeviceDirectoryGrain.Register(string silo, IReadOnlyList<string> trainerKeys)
    {
        var alive = AliveSilos();
        foreach (var dead in state.State.Trainers.Keys.Where(s => !alive.Contains(s)).ToList())
            state.State.Trainers.Remove(dead);
        state.State.Trainers[silo] = [.. trainerKeys];
        await state.WriteStateAsync();
    }

    async Task<IReadOnlyList<DeviceInfo>> IDeviceDirectoryGrain.List() => await Statuses();

    async Task<string> IDeviceDirectoryGrain.Pick(int spread)
    {
        var devices = await Statuses();
        if (devices.Count == 0)
            throw new InvalidOperationException("no trainer is available: no live silo has registered a device");
        var load = devices.Min(Load);
        var least = devices.Where(d => Load(d) == load).OrderBy(d => d.TrainerKey, StringComparer.Ordinal).ToList();
        return least[Math.Abs(spread) % least.Count].TrainerKey;
    }

    private static int Load(DeviceInfo d) => d.Queue.Count + (d.RunningJob is null ? 0 : 1);

    private async Task<List<DeviceInfo>> Statuses()
    {
        var alive = AliveSilos();
        var keys = state.State.Trainers.Where(p => alive.Contains(p.Key)).SelectMany(p => p.Value);
        var statuses = await Task.WhenAll(keys.Select(async k =>
        {
            try
            {
                return await GrainFactory.GetGrain<ITrainerGrain>(k).GetStatus().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception e) when (e is OrleansException or TimeoutException or SiloUnavailableException)
            {
                return null; // its silo is going down: not a candidate
            }
        }));
        return [.. statuses.OfType<DeviceInfo>()];
    }

    private HashSet<string> AliveSilos() =>
        [.. membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress.ToParsableString())];
}
