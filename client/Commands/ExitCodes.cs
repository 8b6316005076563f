namespace BrainTumor.Client.Commands;

/// <summary>
/// What the process's exit code tells a script (README, "Exit codes"): the sysexits-style split
/// between a command line that is wrong, input the platform refuses, and a platform that failed,
/// with 130 (128 + SIGINT) for an interrupted run, as shells report Ctrl+C.
/// </summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked (an experiment it followed completed).</summary>
    public const int Success = 0;

    /// <summary>The command line could not be read: an unknown command or option, a missing argument, a value not of its option's type.</summary>
    public const int Usage = 2;

    /// <summary>The input was refused: a dataset, spec value, file or experiment id that is not what the platform expects.</summary>
    public const int Refused = 3;

    /// <summary>The platform failed at run time: a silo that cannot be reached, a failed experiment, a disk error.</summary>
    public const int Failed = 4;

    /// <summary>Interrupted: Ctrl+C, SIGTERM, or an experiment followed to its end that was cancelled.</summary>
    public const int Interrupted = 130;
}
