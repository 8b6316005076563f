using Orleans.Runtime;

namespace BrainTumor.Hosting.Tests;

/// <summary>A grain that exercises what the hosting wires up: default grain storage, reminders, placement.</summary>
public interface IProbeGrain : IGrainWithStringKey
{
    Task<int> Add(int amount);

    Task<int> Total();

    Task<int> Ticks();

    /// <summary>The silo this activation runs on (<c>ip:port</c>).</summary>
    Task<string> Silo();

    Task StartReminder(TimeSpan dueTime, TimeSpan period);
}

[GenerateSerializer]
public sealed class ProbeState
{
    [Id(0)] public int Total { get; set; }

    [Id(1)] public int Ticks { get; set; }
}

public sealed class ProbeGrain(
    [PersistentState("probe")] IPersistentState<ProbeState> state,
    ILocalSiloDetails silo) : Grain, IProbeGrain, IRemindable
{
    public async Task<int> Add(int amount)
    {
        state.State.Total += amount;
        await state.WriteStateAsync();
        return state.State.Total;
    }

    public Task<int> Total() => Task.FromResult(state.State.Total);

    public Task<int> Ticks() => Task.FromResult(state.State.Ticks);

    public Task<string> Silo() => Task.FromResult(silo.SiloAddress.Endpoint.ToString());

    public Task StartReminder(TimeSpan dueTime, TimeSpan period) => this.RegisterOrUpdateReminder("tick", dueTime, period);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        state.State.Ticks++;
        await state.WriteStateAsync();
    }
}
