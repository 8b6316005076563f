using System.Globalization;

namespace BrainTumor.Protocol.Supervision;

/// <summary>
/// Reads a policy from its text, as given on the command line or in an experiment spec:
/// <c>adaptive</c>, <c>adaptive:threshold=0.005,patience=1</c> (any of <c>threshold</c>,
/// <c>patience</c>, <c>max_depth</c>, in any order), <c>exhaustive</c> (optionally
/// <c>exhaustive:max_depth=3</c>) or <c>fixed:K</c>. The backbone's number of blocks bounds every depth.
/// </summary>
public static class SupervisorPolicies
{
    public const string ExpectedForms = "adaptive, adaptive:threshold=T,patience=P[,max_depth=D], exhaustive[:max_depth=D] or fixed:K";

    /// <summary>
    /// The policy <paramref name="text"/> names, for a backbone with <paramref name="maxDepth"/>
    /// blocks. Throws <see cref="FormatException"/> naming the text and what was expected.
    /// </summary>
    public static ISupervisorPolicy Parse(string text, int maxDepth)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDepth);
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
            throw new FormatException($"no supervisor policy given; expected {ExpectedForms}");
        var colon = trimmed.IndexOf(':');
        var name = (colon < 0 ? trimmed : trimmed[..colon]).Trim().ToLowerInvariant();
        var arguments = colon < 0 ? null : trimmed[(colon + 1)..].Trim();
        return name switch
        {
            "adaptive" => Adaptive(trimmed, arguments, maxDepth),
            "exhaustive" => Exhaustive(trimmed, arguments, maxDepth),
            "fixed" => Fixed(trimmed, arguments, maxDepth),
            _ => throw new FormatException($"{trimmed}: '{name}' is not a supervisor policy; expected {ExpectedForms}"),
        };
    }

    private static AdaptivePolicy Adaptive(string text, string? arguments, int maxDepth)
    {
        var settings = Settings(text, arguments, ["threshold", "patience", "max_depth"]);
        var threshold = AdaptivePolicy.DefaultThreshold;
        if (settings.TryGetValue("threshold", out var t)
            && !(double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out threshold) && double.IsFinite(threshold) && threshold >= 0))
            throw new FormatException($"{text}: threshold '{t}' is not a number >= 0 (a gain in the metric's units, for example 0.005 for half a point of accuracy)");
        var patience = AdaptivePolicy.DefaultPatience;
        if (settings.TryGetValue("patience", out var p) && !(int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out patience)))
            throw new FormatException($"{text}: patience '{p}' is not a whole number >= 0 (how many consecutive stages may fall short of the threshold)");
        return new AdaptivePolicy(threshold, patience, DepthSetting(text, settings, maxDepth));
    }

    private static ExhaustivePolicy Exhaustive(string text, string? arguments, int maxDepth) =>
        new(DepthSetting(text, Settings(text, arguments, ["max_depth"]), maxDepth));

    private static FixedPolicy Fixed(string text, string? arguments, int maxDepth)
    {
        if (string.IsNullOrEmpty(arguments))
            throw new FormatException($"{text}: fixed needs a depth, fixed:K with K from 0 to {maxDepth}");
        return new FixedPolicy(Depth(text, arguments, maxDepth));
    }

    // max_depth caps the ladder below the backbone's depth (a budget); the backbone's is the default.
    private static int DepthSetting(string text, Dictionary<string, string> settings, int maxDepth) =>
        settings.TryGetValue("max_depth", out var d) ? Depth(text, d, maxDepth) : maxDepth;

    private static int Depth(string text, string value, int maxDepth)
    {
        if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var depth))
            throw new FormatException($"{text}: '{value}' is not a depth; expected a whole number from 0 to {maxDepth}");
        if (depth < 0)
            throw new FormatException($"{text}: depth {depth} is negative; expected 0 (the head alone) to {maxDepth}");
        if (depth > maxDepth)
            throw new FormatException($"{text}: depth {depth} is beyond the backbone's {maxDepth} blocks; expected 0 to {maxDepth}");
        return depth;
    }

    /// <summary>"key=value,key=value" into a dictionary, refusing unknown, repeated and malformed settings.</summary>
    private static Dictionary<string, string> Settings(string text, string? arguments, IReadOnlyList<string> known)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        if (arguments is null)
            return settings;
        if (arguments.Length == 0)
            throw new FormatException($"{text}: nothing after ':'; expected {ExpectedForms}");
        foreach (var part in arguments.Split(','))
        {
            var equals = part.IndexOf('=');
            var key = (equals < 0 ? part : part[..equals]).Trim().ToLowerInvariant();
            var value = equals < 0 ? "" : part[(equals + 1)..].Trim();
            if (!known.Contains(key))
                throw new FormatException($"{text}: unknown setting '{key}'; expected {string.Join(", ", known)}");
            if (value.Length == 0)
                throw new FormatException($"{text}: setting '{key}' has no value; write {key}=VALUE");
            if (!settings.TryAdd(key, value))
                throw new FormatException($"{text}: setting '{key}' is given twice");
        }
        return settings;
    }
}
