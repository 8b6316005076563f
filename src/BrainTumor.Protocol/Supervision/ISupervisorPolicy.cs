namespace BrainTumor.Protocol.Supervision;

/// <summary>
/// Decides, after each stage of the block-wise fine-tuning ladder, whether to unfreeze one more
/// block or stop, and which depth the fold keeps. Policies are pure functions of the history, so a
/// supervisor that restarts can replay its decisions from the stored stage results.
/// </summary>
public interface ISupervisorPolicy
{
    /// <summary>Canonical text; <see cref="SupervisorPolicies.Parse"/> reads it back to an equal policy.</summary>
    string Text { get; }

    /// <summary>The deepest depth the policy may reach (at most the backbone's number of blocks).</summary>
    int MaxDepth { get; }

    /// <summary>
    /// The decision after the last stage of <paramref name="history"/>, which holds one result per
    /// depth 0, 1, ..., k in order, all of the same metric. A history that goes on past a stop of
    /// this policy, or past its maximum depth, is refused.
    /// </summary>
    SupervisorDecision Decide(IReadOnlyList<StageResult> history);
}
