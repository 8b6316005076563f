using System.Net;
using BrainTumor.Contracts;
using BrainTumor.Grains.Devices;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Metadata;

namespace BrainTumor.Grains.Tests;

/// <summary>A trainer lives on the silo that owns its device: its key names that silo, placement goes nowhere else, and nothing moves it.</summary>
[Collection(SiloCollection.Name)]
public sealed class TrainerPlacementTests(TestSilo silo)
{
    [Fact]
    public async Task A_registered_trainer_is_activated_on_the_silo_its_key_names()
    {
        var device = Assert.Single(await silo.Grains.GetGrain<IDeviceDirectoryGrain>(0).List());
        Assert.Equal(silo.Address.ToParsableString(), device.Silo);
        var trainer = silo.Grains.GetGrain<ITrainerGrain>(device.TrainerKey);
        Assert.Equal(device.TrainerKey, (await trainer.GetStatus()).TrainerKey);
        Assert.Equal(silo.Address, await silo.Grains.GetGrain<IManagementGrain>(0).GetActivationAddress(trainer));
    }

    [Fact]
    public async Task With_two_silos_each_trainer_activates_on_its_own_silo_whichever_silo_calls_it()
    {
        var folder = BrainTumor.Testing.TestPaths.NewTempDirectory("two-silos");
        var clusterId = Guid.NewGuid().ToString("N");
        var firstPort = TestSilo.FreePort();
        using var first = TestSilo.Build(folder, firstPort, clusterId);
        await first.StartAsync();
        using var second = TestSilo.Build(folder, TestSilo.FreePort(), clusterId, primarySiloPort: firstPort);
        await second.StartAsync();
        try
        {
            var silos = new[] { first, second }.Select(h => h.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress).ToList();
            var callers = new[] { first, second }.Select(h => h.Services.GetRequiredService<IGrainFactory>()).ToList();
            IReadOnlyList<DeviceInfo> devices = [];
            await TestSilo.WaitFor(async () => (devices = await callers[0].GetGrain<IDeviceDirectoryGrain>(0).List()).Count == 2);
            Assert.Equal(silos.Select(a => a.ToParsableString()).Order(), devices.Select(d => d.Silo).Order());
            foreach (var caller in callers)
                foreach (var device in devices)
                {
                    var trainer = caller.GetGrain<ITrainerGrain>(device.TrainerKey);
                    Assert.Equal(device.TrainerKey, (await trainer.GetStatus()).TrainerKey);
                    var at = await caller.GetGrain<IManagementGrain>(0).GetActivationAddress(trainer);
                    Assert.Equal(device.Silo, at?.ToParsableString());
                }
        }
        finally
        {
            await second.StopAsync();
            await first.StopAsync();
        }
    }

    [Fact]
    public async Task A_trainer_key_naming_a_silo_not_in_the_cluster_is_refused_with_the_reason()
    {
        var absent = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 1), 1);
        var key = TrainerKeys.Of(absent, "cpu");
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => silo.Grains.GetGrain<ITrainerGrain>(key).GetStatus());
        Assert.Contains($"trainer {key}: its silo {absent.ToParsableString()} is not in the cluster", refused.ToString());
        Assert.Null(await silo.Grains.GetGrain<IManagementGrain>(0).GetActivationAddress(silo.Grains.GetGrain<ITrainerGrain>(key)));
    }

    [Fact]
    public void The_cluster_knows_the_trainer_grain_type_as_immovable_by_anything()
    {
        var type = silo.Grains.GetGrain<ITrainerGrain>(TrainerKeys.Of(silo.Address, "cpu")).GetGrainId().Type;
        var manifest = silo.Services.GetRequiredService<IClusterManifestProvider>().Current;
        var properties = manifest.AllGrainManifests.SelectMany(m => m.Grains).First(g => g.Key == type).Value.Properties;
        Assert.True(properties.TryGetValue(WellKnownGrainTypeProperties.Immovable, out var kind), $"{type}: no '{WellKnownGrainTypeProperties.Immovable}' property");
        Assert.Equal(((byte)Orleans.Placement.ImmovableKind.Any).ToString(System.Globalization.CultureInfo.InvariantCulture), kind);
    }
}
