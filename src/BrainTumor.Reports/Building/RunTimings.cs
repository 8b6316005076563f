using BrainTumor.Reports.Document;

namespace BrainTumor.Reports.Building;

/// <summary>The timings section from the stages' and test passes' recorded seconds.</summary>
public static class RunTimings
{
    public static Timings Of(ExperimentRun run)
    {
        var folds = run.Folds.OrderBy(f => f.Fold).Select(f =>
        {
            var epochs = f.Stages.SelectMany(s => s.Epochs).ToList();
            return new FoldTimings(f.Fold, f.Stages.Count, epochs.Count, f.Stages.Sum(s => s.Seconds),
                epochs.Count == 0 ? 0 : epochs.Average(e => e.Seconds), f.TestSeconds);
        }).ToList();
        return new Timings(
            run.Created,
            run.Finished,
            run.Finished is { } end ? (end - run.Created).TotalSeconds : null,
            folds.Sum(f => f.TrainingSeconds),
            run.Folds.Sum(f => f.Stages.Sum(s => s.Cache.BuildSeconds)),
            folds.All(f => f.TestSeconds is not null) ? folds.Sum(f => f.TestSeconds!.Value) : null,
            folds);
    }
}
