using System.Text.Json.Serialization;

namespace BrainTumor.Protocol.Supervision;

/// <summary>What the supervisor says after a stage. Serialised as <c>deeper</c> / <c>stop</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SupervisorAction>))]
public enum SupervisorAction
{
    /// <summary>Train the next stage: unfreeze one more block, starting from this stage's best weights.</summary>
    [JsonStringEnumMemberName("deeper")] Deeper,

    /// <summary>The ladder ends; the fold evaluates the chosen depth on its test part.</summary>
    [JsonStringEnumMemberName("stop")] Stop,
}
