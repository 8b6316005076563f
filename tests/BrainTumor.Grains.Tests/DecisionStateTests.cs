using BrainTumor.Contracts;
using BrainTumor.Protocol.Supervision;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Persistence.FileStorage;
using Orleans.Providers;
using Orleans.Serialization;
using Orleans.Storage;

namespace BrainTumor.Grains.Tests;

/// <summary>
/// A supervisor's decision in a fold's stored state and on the wire: its action as written now, and
/// a decision stored before the action existed (a bool, deeper or not) read back as the action it meant.
/// </summary>
[Collection(SiloCollection.Name)]
public sealed class DecisionStateTests(TestSilo silo)
{
    /// <summary>A decision as the grain storage of the build before <see cref="DecisionInfo.Action"/> wrote it.</summary>
    private static string Stored(string goDeeper) =>
        "{\"$id\":\"1\",\"$type\":\"BrainTumor.Contracts.DecisionInfo, BrainTumor.Contracts\",\"Depth\":1,\"GoDeeper\":" + goDeeper +
        ",\"ChosenDepth\":0,\"Metric\":0.5,\"Gain\":-0.25,\"Reason\":\"recorded\",\"Policy\":\"fixed:1\"}";

    private IGrainStorageSerializer Storage =>
        silo.Services.GetRequiredService<IOptionsMonitor<FileGrainStorageOptions>>().Get(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME).GrainStorageSerializer;

    [Theory]
    [InlineData("true", SupervisorAction.Deeper)]
    [InlineData("false", SupervisorAction.Stop)]
    public void A_decision_stored_with_the_old_bool_reads_as_the_action_it_meant(string goDeeper, SupervisorAction action)
    {
        var read = Storage.Deserialize<DecisionInfo>(BinaryData.FromString(Stored(goDeeper)));

        Assert.Equal(new DecisionInfo(1, action, 0, 0.5, -0.25, "recorded", "fixed:1"), read);
    }

    [Theory]
    [InlineData(SupervisorAction.Deeper)]
    [InlineData(SupervisorAction.Stop)]
    public void A_decision_stored_now_reads_back_with_its_action_and_without_the_old_bool(SupervisorAction action)
    {
        var decision = new DecisionInfo(1, action, 0, 0.5, -0.25, "recorded", "fixed:1");

        var written = Storage.Serialize(decision);

        Assert.DoesNotContain("GoDeeper", written.ToString()); // grain storage leaves out the null it reads as
        Assert.Equal(decision, Storage.Deserialize<DecisionInfo>(written));
    }

    [Theory]
    [InlineData(SupervisorAction.Deeper)]
    [InlineData(SupervisorAction.Stop)]
    public void A_decision_crosses_the_cluster_with_its_action(SupervisorAction action)
    {
        var serializer = silo.Services.GetRequiredService<Serializer>();
        var decision = new DecisionInfo(1, action, 0, 0.5, null, "recorded", "adaptive:threshold=0.005,patience=1,max_depth=2");

        Assert.Equal(decision, serializer.Deserialize<DecisionInfo>(serializer.SerializeToArray(decision)));
    }
}
