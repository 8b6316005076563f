using BrainTumor.Protocol.Runs;
namespace BrainTumor.Learning.Training;

/// <summary>
/// What can watch or end a stage of <see cref="StageTrainer"/> from outside its loop, the way MONAI's
/// handlers or fastai's callbacks do: every method does nothing unless a hook overrides it. Hooks run on the
/// trainer's thread, in the order the trainer lists them; they must not draw from libtorch's or the epoch's
/// random generators, so that a hook never changes a stage's numbers.
/// </summary>
public interface IStageHook
{
    /// <summary>Once per <see cref="StageTrainer.Train"/> call, after the frozen blocks' cache is built and before the first epoch (also when a resumed stage has none left).</summary>
    void StageStarting(StageContext stage) { }

    /// <summary>Before epoch <paramref name="epoch"/> (from 1) draws its order.</summary>
    void EpochStarting(StageContext stage, int epoch) { }

    /// <summary>As training batch <paramref name="batch"/> (from 1) starts, past the cancellation check.</summary>
    void BatchStarting(StageContext stage, int epoch, int batch) { }

    /// <summary>After the optimizer stepped on batch <paramref name="batch"/>, with the batch's mean loss.</summary>
    void BatchFinished(StageContext stage, int epoch, int batch, double loss) { }

    /// <summary>After the epoch's validation, with <see cref="StageContext.StaleEpochs"/> counted: true ends the stage early
    /// (unless it was the last epoch anyway). Every hook is asked, even after one said stop.</summary>
    bool AfterValidation(StageContext stage, EpochRecord epoch) => false;

    /// <summary>After the epoch, its record in the stage's progress (what a checkpoint written now holds).</summary>
    void EpochFinished(StageContext stage, EpochRecord epoch) { }
}
