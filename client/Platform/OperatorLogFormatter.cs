using BrainTumor.Client.Commands;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace BrainTumor.Client.Platform;

/// <summary>
/// How the platform's own log lines reach an operator of the command line: one line each,
/// <c>warning: ...</c> or <c>error: ...</c> like the command's own errors, without the logger's
/// category, event id or a stack trace (an exception adds its message only), and never glued to a
/// progress bar (<see cref="TerminalBar"/>).
/// </summary>
internal sealed class OperatorLogFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "operator";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (logEntry.Exception is { } error && !message.Contains(error.Message, StringComparison.Ordinal))
            message = $"{message} ({error.Message})";
        TerminalBar.Close();
        textWriter.WriteLine($"{Prefix(logEntry.LogLevel)}: {message}");
    }

    private static string Prefix(LogLevel level) => level switch
    {
        LogLevel.Critical or LogLevel.Error => "error",
        LogLevel.Warning => "warning",
        _ => "note",
    };
}
