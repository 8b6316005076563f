using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Storage;

namespace BrainTumor.Grains.Tests;

/// <summary>
/// Wraps the silo's default grain storage and counts, per state name (<c>experiment</c>, <c>fold</c>,
/// <c>stage</c>, ...), the writes and the bytes the storage serializer makes of each written state.
/// </summary>
public sealed class StateWriteCounter
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> _writes = new(StringComparer.Ordinal);

    /// <summary>The size of every write of <paramref name="stateName"/>, in the order written.</summary>
    public IReadOnlyList<int> Writes(string stateName) => _writes.TryGetValue(stateName, out var sizes) ? [.. sizes] : [];

    public IReadOnlyCollection<string> StateNames => [.. _writes.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Replaces the default grain storage registered so far with one that counts into this counter.</summary>
    public void Install(IServiceCollection services)
    {
        var name = ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME;
        var registered = services.Last(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, name));
        services.Remove(registered);
        services.AddKeyedSingleton<IGrainStorage>(name, (provider, key) =>
            new Counting((IGrainStorage)registered.KeyedImplementationFactory!(provider, key), provider.GetRequiredService<IGrainStorageSerializer>(), this));
    }

    private void Record(string stateName, int bytes) => _writes.GetOrAdd(stateName, _ => new()).Enqueue(bytes);

    private sealed class Counting(IGrainStorage inner, IGrainStorageSerializer serializer, StateWriteCounter counter)
        : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            counter.Record(stateName, serializer.Serialize(grainState.State).ToMemory().Length);
            return inner.WriteStateAsync(stateName, grainId, grainState);
        }

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);

        public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);
    }
}
