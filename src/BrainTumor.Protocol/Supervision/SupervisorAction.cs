using System.Text.Json.Serialization;

namespace BrainTumor.Protocol.Supervision;

/// <summary>
/// What the supervisor says after a stage. Serialised as <c>deeper</c> / <c>stop</c> in JSON files; grain
/// state and Orleans messages hold its number, so the numbers are fixed.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<SupervisorAction>))]
public enum SupervisorAction
{
    /// <summary>Train the next stage: unfreeze one more block, starting from this stage's best weights.</summary>
    [JsonStringEnumMemberName("deeper")] Deeper = 0,

    /// <summary>The ladder ends; the fold evaluates the chosen depth on its test part.</summary>
    [JsonStringEnumMemberName("stop")] Stop = 1,
}
