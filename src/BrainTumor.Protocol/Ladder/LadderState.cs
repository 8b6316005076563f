using BrainTumor.Protocol.Supervision;

namespace BrainTumor.Protocol.Ladder;

/// <summary>
/// Where a fold's ladder stands: the validation result of every stage trained so far (depth 0, 1,
/// ... in order), the supervisor's decision after each, how many stages were trained again on the
/// training and validation parts together (<see cref="Refitted"/>, with a refitting ladder), and
/// whether the chosen depth was tested.
/// Everything <see cref="FoldLadder.Next"/> needs, so either runner can persist it and carry on.
/// </summary>
public sealed record LadderState(IReadOnlyList<StageResult> Stages, IReadOnlyList<SupervisorDecision> Decisions, bool Tested, int Refitted = 0)
{
    public static LadderState Start { get; } = new([], [], false);

    /// <summary>The depth the fold keeps, once the supervisor has said stop; null before.</summary>
    public int? ChosenDepth => Decisions is [.., { Action: SupervisorAction.Stop } last] ? last.ChosenDepth : null;
}
