using System.Globalization;

namespace BrainTumor.Protocol.Supervision;

/// <summary>
/// The paper's supervisor: keep unfreezing one block deeper while validation gains (Swati et al.
/// 2019 fine-tune "gradually deep down into earlier blocks" and keep the depth that does best).
/// After each stage the gain over the best shallower depth is compared with
/// <see cref="Threshold"/>; up to <see cref="Patience"/> consecutive stages may fall short (one
/// unfrozen block can dip before the next recovers, for example while BatchNorm statistics
/// settle) before the ladder stops. It never goes beyond <see cref="MaxDepth"/>. The fold keeps the
/// depth with the best validation metric, ties to the shallower.
/// </summary>
public sealed record AdaptivePolicy : ISupervisorPolicy
{
    /// <summary>Half a point of accuracy: below the seed-to-seed noise of about one point, above rounding.</summary>
    public const double DefaultThreshold = 0.005;

    /// <summary>One stage may fall short without ending the ladder.</summary>
    public const int DefaultPatience = 1;

    public AdaptivePolicy(double threshold, int patience, int maxDepth)
    {
        if (!double.IsFinite(threshold) || threshold < 0)
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "the threshold is a gain in the metric's units and must be a finite number >= 0");
        ArgumentOutOfRangeException.ThrowIfNegative(patience);
        ArgumentOutOfRangeException.ThrowIfNegative(maxDepth);
        Threshold = threshold;
        Patience = patience;
        MaxDepth = maxDepth;
    }

    /// <summary>The least gain over the best shallower depth that counts as improvement (compared with a 1e-9 tolerance).</summary>
    public double Threshold { get; }

    /// <summary>How many consecutive stages may fall short of the threshold before the ladder stops (0: stop at the first).</summary>
    public int Patience { get; }

    public int MaxDepth { get; }

    public string Text => string.Create(CultureInfo.InvariantCulture, $"adaptive:threshold={Threshold:R},patience={Patience},max_depth={MaxDepth}");

    public SupervisorDecision Decide(IReadOnlyList<StageResult> history)
    {
        LadderStanding.Check(history, MaxDepth, Text);
        // Replay from depth 0: the count of stages short of the threshold depends on the whole
        // history, and replaying also catches a ladder that went on after this policy said stop.
        var shortfalls = 0;
        for (var depth = 0; ; depth++)
        {
            var decision = DecideAt(LadderStanding.At(history, depth), ref shortfalls);
            if (depth == history.Count - 1)
                return decision;
            if (decision.Action == SupervisorAction.Stop)
                throw new ArgumentException($"{Text}: the ladder should have stopped at depth {depth} ({decision.Reason}) but the history goes on to depth {history.Count - 1}", nameof(history));
        }
    }

    private SupervisorDecision DecideAt(LadderStanding standing, ref int shortfalls)
    {
        var gain = standing.Gain;
        if (gain is not null)
            shortfalls = gain.Value >= Threshold - LadderStanding.Tolerance ? 0 : shortfalls + 1;
        var numbers = standing.Describe();
        var threshold = Threshold.ToString("R", CultureInfo.InvariantCulture);
        var (action, reason) = (gain, shortfalls) switch
        {
            _ when shortfalls > Patience => (SupervisorAction.Stop,
                $"{numbers}; short of the threshold {threshold} for {shortfalls} consecutive stage(s), more than the patience of {Patience}; {standing.Keeping()}"),
            _ when standing.Current.Depth >= MaxDepth => (SupervisorAction.Stop,
                $"{numbers}; reached the maximum depth {MaxDepth}; {standing.Keeping()}"),
            (null, _) => (SupervisorAction.Deeper,
                $"{numbers}; unfreezing the deepest block"),
            (_, 0) => (SupervisorAction.Deeper,
                $"{numbers}; at least the threshold {threshold}, going one block deeper"),
            _ => (SupervisorAction.Deeper,
                $"{numbers}; short of the threshold {threshold} ({shortfalls} of the patience of {Patience} used), going one block deeper"),
        };
        return standing.Decision(Text, MaxDepth, action, standing.Best.Depth, reason) with
        {
            Threshold = Threshold,
            Patience = Patience,
            StagesWithoutGain = shortfalls,
            PatienceLeft = Math.Max(Patience - shortfalls, 0),
        };
    }
}
