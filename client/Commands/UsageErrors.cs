using System.CommandLine;

namespace BrainTumor.Client.Commands;

/// <summary>
/// A command line that does not parse: its errors, one line each, and where the options are
/// listed, instead of the whole help text (exit code <see cref="ExitCodes.Usage"/>).
/// </summary>
internal static class UsageErrors
{
    public static int Report(ParseResult parse)
    {
        foreach (var error in parse.Errors.Select(e => e.Message).Distinct())
            Console.Error.WriteLine($"error: {error}");
        Console.Error.WriteLine(Hint(parse));
        return ExitCodes.Usage;
    }

    /// <summary>The line that says where the parsed command's options are listed.</summary>
    public static string Hint(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result.Command is not RootCommand; result = (System.CommandLine.Parsing.CommandResult)result.Parent!)
            names.Insert(0, result.Command.Name);
        var path = string.Join(' ', names);
        return $"(braintumor {(path.Length > 0 ? path + " " : "")}--help lists the commands and options)";
    }
}
