using Orleans.Placement;
using Orleans.Runtime.Placement;

namespace BrainTumor.Grains.Devices;

/// <summary>
/// Places a trainer on the silo its key names (<c>silo-address|device</c>), and nowhere else: a
/// device belongs to one machine, so its trainer never moves. When that silo is gone the activation
/// is refused and the caller picks another device from the directory.
/// </summary>
[GenerateSerializer]
public sealed class DevicePlacement : PlacementStrategy;

[AttributeUsage(AttributeTargets.Class)]
public sealed class DevicePlacementAttribute() : PlacementAttribute(new DevicePlacement());

public sealed class DevicePlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString()!;
        var silo = TrainerKeys.Silo(key);
        var compatible = context.GetCompatibleSilos(target);
        return Array.Find(compatible, s => s.ToParsableString() == silo) is { } owner
            ? Task.FromResult(owner)
            : throw new OrleansException($"trainer {key}: its silo {silo} is not in the cluster (a trainer runs only on the silo that owns its device)");
    }
}

/// <summary>Trainer grain keys: <c>{silo address}|{device}</c>.</summary>
public static class TrainerKeys
{
    public static string Of(SiloAddress silo, string device) => $"{silo.ToParsableString()}|{device}";

    public static string Silo(string key) => key[..Math.Max(0, key.LastIndexOf('|'))];

    public static string Device(string key) => key[(key.LastIndexOf('|') + 1)..];
}
