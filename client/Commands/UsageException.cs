namespace BrainTumor.Client.Commands;

/// <summary>
/// A command line that cannot be read (exit code <see cref="ExitCodes.Usage"/>): the message names
/// the option and what it expects; <see cref="Hint"/> says where the options are listed.
/// </summary>
internal sealed class UsageException(string message, string hint) : Exception(message)
{
    public string Hint { get; } = hint;
}
