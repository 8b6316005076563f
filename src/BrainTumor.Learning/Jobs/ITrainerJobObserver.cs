using BrainTumor.Protocol.Runs;

namespace BrainTumor.Learning.Jobs;

/// <summary>What a running <see cref="TrainerJob"/> tells its caller, on the device's thread, as it happens: the platform records it (telemetry, logs) and forwards the epochs.</summary>
public interface ITrainerJobObserver
{
    /// <summary>An epoch ended; <paramref name="trainingImages"/> is the size of the part it trained on.</summary>
    void Epoch(EpochRecord epoch, int trainingImages);

    /// <summary>Stage 0 found no pretrained weights file and starts from its random initial weights; <paramref name="why"/> says which file it looked for.</summary>
    void NoPretrainedWeights(string why);

    /// <summary>The spec asks for bfloat16 but the device has no bfloat16 instructions, so the job trains in float32; <paramref name="why"/> says so.</summary>
    void PrecisionUnavailable(string why);

    /// <summary>The stage's weights were written, in <paramref name="elapsed"/>.</summary>
    void WeightsWritten(TimeSpan elapsed);

    /// <summary>The stage ended (its numbers non-finite when <see cref="StageOutcome.Failure"/> is set) and its outcome was written.</summary>
    void StageFinished(StageOutcome outcome);
}
