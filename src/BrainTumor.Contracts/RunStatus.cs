namespace BrainTumor.Contracts;

/// <summary>Where an experiment, a fold or a stage stands.</summary>
[GenerateSerializer, Alias("BrainTumor.RunStatus")]
public enum RunStatus
{
    Queued,
    Running,
    Completed,
    Failed,
    Cancelled,
}

public static class RunStatusExtensions
{
    /// <summary>Completed, failed or cancelled: nothing more happens until a resume.</summary>
    public static bool IsFinal(this RunStatus status) => status is RunStatus.Completed or RunStatus.Failed or RunStatus.Cancelled;
}
