namespace BrainTumor.Contracts;

/// <summary>What an <see cref="ExperimentEvent"/> tells: the experiment's lifecycle, a fold's decision, or a stage's.</summary>
[GenerateSerializer, Alias("BrainTumor.ExperimentEventKind")]
public enum ExperimentEventKind
{
    Started,
    Resumed,
    Completed,
    Failed,
    Cancelled,
    Decision,
    StageQueued,
    StageStarted,
    StageResumed,
    Epoch,
    StageCompleted,
    StageFailed,
    StageCancelled,
}

public static class ExperimentEventKinds
{
    /// <summary>The event an experiment logs when it ends with <paramref name="status"/>.</summary>
    public static ExperimentEventKind ExperimentEnded(RunStatus status) => status switch
    {
        RunStatus.Completed => ExperimentEventKind.Completed,
        RunStatus.Failed => ExperimentEventKind.Failed,
        RunStatus.Cancelled => ExperimentEventKind.Cancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "an experiment ends completed, failed or cancelled"),
    };

    /// <summary>The event a stage logs when its job ends with <paramref name="status"/>.</summary>
    public static ExperimentEventKind StageEnded(RunStatus status) => status switch
    {
        RunStatus.Completed => ExperimentEventKind.StageCompleted,
        RunStatus.Failed => ExperimentEventKind.StageFailed,
        RunStatus.Cancelled => ExperimentEventKind.StageCancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "a stage ends completed, failed or cancelled"),
    };
}
