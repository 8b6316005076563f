using System.CommandLine;
using BrainTumor.Protocol.Specs;

namespace BrainTumor.Client.Commands;

/// <summary>
/// The options of <c>experiment start</c>, one per row of <see cref="ExperimentSpecFields"/>: the
/// flag, its help and its default come from the table, and a value is read the way spec.json and
/// the samples program read it, so a field added to the spec is an option here without a change.
/// </summary>
internal sealed class ExperimentSpecOptions
{
    private readonly List<(SpecField Field, Option Option)> _options = [.. ExperimentSpecFields.All.Select(f => (f, Create(f)))];

    public IEnumerable<Option> All => _options.Select(o => o.Option);

    /// <summary>The spec the given options make over the spec's defaults: a <see cref="UsageException"/> naming the flag when a value is not of its type,
    /// an <see cref="ArgumentException"/> naming it when the value is not allowed.</summary>
    public ExperimentSpec Spec(ParseResult parse)
    {
        var given = new List<(SpecField, string, string)>();
        foreach (var (field, option) in _options)
        {
            if (option is Option<bool> flag)
            {
                // Only a switch on the command line counts as given: its implicit false must not undo a recipe's true.
                if (parse.GetResult(flag) is { Implicit: false })
                    given.Add((field, parse.GetValue(flag) ? "true" : "false", field.Flag));
            }
            else if (parse.GetValue((Option<string?>)option) is { } text)
                given.Add((field, text, field.Flag));
        }
        ExperimentSpec spec;
        try
        {
            spec = SpecBuilder.Build(given);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message, UsageErrors.Hint(parse)); // a value not of its option's type, or no such recipe
        }
        return spec.Validated();
    }

    private static Option Create(SpecField field)
    {
        if (field.IsSwitch)
            return new Option<bool>(field.Flag) { Description = field.Description };
        var help = field.DefaultText is { Length: > 0 } value ? $"{field.Description} [default: {value}]" : field.Description;
        return new Option<string?>(field.Flag)
        {
            Description = help,
            Required = field == ExperimentSpecFields.Dataset,
        };
    }
}
