using Microsoft.Extensions.Options;

namespace BrainTumor.Client.Commands;

/// <summary>
/// Turns an exception that reaches a command into the one line an operator reads and the exit code
/// a script reads. The messages are the platform's own (they name the option, file or key and what
/// was expected); the wording .NET adds to argument errors ("(Parameter 'name')", "Actual value
/// was ...") is taken off, and anything not known to be the operator's input is a failure of the
/// platform, never a stack trace.
/// </summary>
internal static class OperatorErrors
{
    public static (int ExitCode, string Message) Describe(Exception error) => error switch
    {
        UsageException => (ExitCodes.Usage, error.Message),
        ArgumentException a => (ExitCodes.Refused, WithoutParameter(a)),
        InvalidDataException or KeyNotFoundException or FileNotFoundException or DirectoryNotFoundException
            or OptionsValidationException or InvalidOperationException => (ExitCodes.Refused, error.Message),
        OperationCanceledException => (ExitCodes.Interrupted, "interrupted"),
        _ => (ExitCodes.Failed, error.Message),
    };

    /// <summary>Writes <paramref name="error"/> as one <c>error:</c> line on stderr and gives its exit code.</summary>
    public static int Report(Exception error)
    {
        var (code, message) = Describe(error);
        Console.Error.WriteLine($"error: {message}");
        if (error is UsageException usage)
            Console.Error.WriteLine(usage.Hint);
        return code;
    }

    /// <summary>The message an <see cref="ArgumentException"/> was made with, without the parameter name and value .NET appends.</summary>
    private static string WithoutParameter(ArgumentException error)
    {
        var message = error.Message;
        if (error is ArgumentOutOfRangeException { ActualValue: { } actual })
            message = message.Replace($"{Environment.NewLine}Actual value was {actual}.", "", StringComparison.Ordinal);
        if (error.ParamName is { } name)
            message = message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal);
        return message;
    }
}
