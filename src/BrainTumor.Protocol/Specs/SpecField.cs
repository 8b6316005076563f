using System.Globalization;

namespace BrainTumor.Protocol.Specs;

/// <summary>
/// One field of <see cref="ExperimentSpec"/>: its JSON key (snake_case, as spec.json and the report
/// write it), the command-line flag and configuration name made from that key, what it means, and
/// the values it allows. <see cref="ExperimentSpecFields"/> lists them all.
/// </summary>
public abstract class SpecField(string key, string description)
{
    /// <summary>The JSON key: <c>batch_size</c>.</summary>
    public string Key { get; } = key;

    /// <summary>The command-line flag: <c>--batch-size</c>.</summary>
    public string Flag => "--" + Key.Replace('_', '-');

    /// <summary>The configuration name (appsettings.json, environment variables) and property name: <c>BatchSize</c>.</summary>
    public string Name => string.Concat(Key.Split('_').Select(w => char.ToUpperInvariant(w[0]) + w[1..]));

    public string Description { get; } = description;

    /// <summary>The field's value type (for example <see cref="int"/> or <see cref="Nullable{Int32}"/>).</summary>
    public abstract Type ValueType { get; }

    /// <summary>True for a yes/no field, given on the command line as a bare flag.</summary>
    public bool IsSwitch => ValueType == typeof(bool);

    /// <summary>The default as text (what <c>--help</c> shows), or null when there is none.</summary>
    public abstract string? DefaultText { get; }

    /// <summary>The value's text in <paramref name="spec"/>, as a user would type it; null when unset.</summary>
    public abstract string? Text(ExperimentSpec spec);

    /// <summary>The spec with this field read from <paramref name="text"/>; an <see cref="ArgumentException"/> naming <paramref name="source"/> (flag or key) when the text is not a value of the field's type.</summary>
    public abstract ExperimentSpec With(ExperimentSpec spec, string text, string source);

    /// <summary>Null when the field's value in <paramref name="spec"/> is allowed, else what is wrong, naming the flag.</summary>
    public abstract string? Problem(ExperimentSpec spec);
}

/// <summary>A <see cref="SpecField"/> of values of type <typeparamref name="T"/>.</summary>
public sealed class SpecField<T>(
    string key, string description, Func<ExperimentSpec, T> get, Func<ExperimentSpec, T, ExperimentSpec> set,
    string expected, Func<T, bool> allowed, Func<T, string?>? explain = null) : SpecField(key, description)
{
    private static readonly ExperimentSpec Defaults = ExperimentSpec.For("");

    public override Type ValueType => typeof(T);

    /// <summary>What an allowed value is, in words (<c>a whole number from 1</c>).</summary>
    public string Expected { get; } = expected;

    public T Get(ExperimentSpec spec) => get(spec);

    public ExperimentSpec Set(ExperimentSpec spec, T value) => set(spec, value);

    public override string? DefaultText => Format(get(Defaults));

    public override string? Text(ExperimentSpec spec) => Format(get(spec));

    public override ExperimentSpec With(ExperimentSpec spec, string text, string source) =>
        SpecValueText.TryParse<T>(text, out var value)
            ? set(spec, value)
            : throw new ArgumentException($"{source} '{text}': not {SpecValueText.Describe(typeof(T))}; expected {Expected}");

    public override string? Problem(ExperimentSpec spec)
    {
        var value = get(spec);
        return allowed(value) ? null : $"{Flag} {(Format(value) is { Length: > 0 } text ? text : "(none)")}: {explain?.Invoke(value) ?? "expected " + Expected}";
    }

    private static string? Format(T value) => value switch
    {
        null => null,
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}

/// <summary>Reads field values from text the same way everywhere (invariant culture, empty text for "none").</summary>
internal static class SpecValueText
{
    /// <summary>Empty text is "none" for optional numbers and for text fields.</summary>
    public static bool TryParse<T>(string text, out T value)
    {
        var trimmed = text.Trim();
        var underlying = Nullable.GetUnderlyingType(typeof(T));
        var type = underlying ?? typeof(T);
        object? parsed;
        if (trimmed.Length == 0 && (underlying is not null || type == typeof(string)))
            parsed = null;
        else if (type == typeof(string))
            parsed = trimmed;
        else if (type == typeof(int))
            parsed = int.TryParse(trimmed, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null;
        else if (type == typeof(double))
            parsed = double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
        else if (type == typeof(bool))
            parsed = bool.TryParse(trimmed, out var b) ? b : null;
        else
            throw new NotSupportedException($"spec fields of type {typeof(T).Name} have no text form");
        var ok = parsed is not null || trimmed.Length == 0 && (underlying is not null || type == typeof(string));
        value = parsed is null ? default! : (T)parsed;
        return ok;
    }

    /// <summary>The kind of value <paramref name="type"/> holds, in words (nullable types as their underlying type).</summary>
    public static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(int) ? "a whole number" : type == typeof(double) ? "a number" : type == typeof(bool) ? "true or false" : "text";
    }
}
