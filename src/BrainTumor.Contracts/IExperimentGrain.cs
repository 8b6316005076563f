using BrainTumor.Protocol.Specs;

namespace BrainTumor.Contracts;

/// <summary>
/// One experiment, keyed by its id: its spec, lifecycle and the aggregation of its folds. Every
/// call returns at once; training runs on the trainers and is followed with
/// <see cref="GetEvents"/> (or <see cref="ExperimentWatch.WatchAsync"/>).
/// </summary>
[Alias("BrainTumor.IExperimentGrain")]
public interface IExperimentGrain : IGrainWithStringKey
{
    /// <summary>Checks the spec (backbone, paths under the configured roots, weights, folds the data allows),
    /// plans the folds and starts them. Throws, changing nothing, when anything is wrong or the id is taken.</summary>
    [Alias("Start")] Task<ExperimentInfo> Start(ExperimentSpec spec);

    [Alias("GetInfo"), ReadOnly] Task<ExperimentInfo?> GetInfo();

    /// <summary>Events after <paramref name="afterSequence"/>, oldest first, at most <paramref name="max"/>.</summary>
    [Alias("GetEvents"), ReadOnly] Task<IReadOnlyList<ExperimentEvent>> GetEvents(long afterSequence, int max = 500);

    /// <summary>Stops every fold: queued stages leave their queue, a running one stops within one batch.</summary>
    [Alias("Cancel")] Task<ExperimentInfo> Cancel();

    /// <summary>Continues a cancelled or failed experiment from its last checkpoints; finished stages are kept.</summary>
    [Alias("Resume")] Task<ExperimentInfo> Resume();

    /// <summary>The aggregated test results, read from the report written when the experiment completed
    /// (nothing is written or recomputed); throws unless the experiment has completed.</summary>
    [Alias("GetReport"), ReadOnly] Task<ExperimentReport> GetReport();

    /// <summary>Builds the report files of a completed experiment again from its run folder
    /// (<c>experiment report ID --rebuild</c>), replacing the ones written at completion.</summary>
    [Alias("RebuildReport")] Task<ExperimentReport> RebuildReport();

    /// <summary>Makes sure every unfinished fold is progressing (after a restart or a lost silo).</summary>
    [Alias("Ensure")] Task Ensure();

    /// <summary>A fold reports its end (called by the fold grain).</summary>
    [Alias("FoldFinished"), OneWay] Task FoldFinished(int fold);

    /// <summary>Appends an event to the experiment's log (called by its fold and stage grains).</summary>
    [Alias("Post"), OneWay] Task Post(ExperimentEvent e);
}

/// <summary>The list of experiments (key 0): what <c>experiment list</c> shows and what a starting silo wakes.</summary>
[Alias("BrainTumor.IExperimentRegistryGrain")]
public interface IExperimentRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>Records an experiment that starts or resumes: listed, and woken when a silo starts until it ends.</summary>
    [Alias("Add")] Task Add(string experimentId);

    /// <summary>
    /// Records that an experiment ended (completed, failed or cancelled): no silo start wakes it any more.
    /// One-way: an experiment can end while <see cref="WakeAll"/> waits on it.
    /// </summary>
    [Alias("Ended"), OneWay] Task Ended(string experimentId);

    [Alias("List"), ReadOnly] Task<IReadOnlyList<string>> List();

    /// <summary>The experiments not recorded as ended, in the order started.</summary>
    [Alias("Running"), ReadOnly] Task<IReadOnlyList<string>> Running();

    /// <summary>Calls <see cref="IExperimentGrain.Ensure"/> on every experiment not finished (those not recorded as ended); returns how many.</summary>
    [Alias("WakeAll")] Task<int> WakeAll();
}

/// <summary>One fold of an experiment (<c>exp/fold</c>): walks its stage ladder, then tests its chosen depth.</summary>
[Alias("BrainTumor.IFoldGrain")]
public interface IFoldGrain : IGrainWithStringKey
{
    [Alias("Start")] Task Start(StageJob firstStage);

    [Alias("GetInfo"), ReadOnly] Task<FoldInfo> GetInfo();

    [Alias("Cancel")] Task Cancel();

    [Alias("Resume")] Task Resume();

    [Alias("Ensure")] Task Ensure();

    /// <summary>A stage or the test job ended (called by the stage grain).</summary>
    [Alias("JobFinished"), OneWay] Task JobFinished(int depth, StageJobKind kind, JobResult result);
}

/// <summary>One stage of one fold (<c>exp/fold/depth</c>, or <c>exp/fold/test</c>): its job, the device, progress and result.</summary>
[Alias("BrainTumor.IStageGrain")]
public interface IStageGrain : IGrainWithStringKey
{
    /// <summary>Queues the job on the least-loaded device; a finished stage reports its result again instead.</summary>
    [Alias("Run")] Task<StageInfo> Run(StageJob job);

    [Alias("GetInfo"), ReadOnly] Task<StageInfo?> GetInfo();

    [Alias("Cancel")] Task Cancel();

    /// <summary>Requeues the job when its trainer no longer has it (its silo went down).</summary>
    [Alias("Ensure")] Task Ensure();

    [Alias("Started"), OneWay] Task Started(string trainerKey, DateTimeOffset at);

    [Alias("EpochDone"), OneWay] Task EpochDone(EpochProgress epoch);

    [Alias("Finished"), OneWay] Task Finished(string trainerKey, JobResult result);
}

/// <summary>
/// A dataset (keyed by its full path): its index, its validation report and fold plans. Every file
/// is read once per content of the folder (names, sizes, times); later calls reuse the report.
/// </summary>
[Alias("BrainTumor.IDatasetGrain")]
public interface IDatasetGrain : IGrainWithStringKey
{
    /// <summary>The validation report; throws <see cref="InvalidDataException"/> when the folder holds no dataset.</summary>
    [Alias("Describe")] Task<DatasetSummary> Describe();

    /// <summary>Plans the spec's folds on the accepted slices and saves the plan as <c>folds.json</c> in <paramref name="runFolder"/>
    /// (reused when there); returns the fold numbers. Throws <see cref="InvalidDataException"/>, writing nothing, when no slice is
    /// readable or too few are left per class for the folds asked.</summary>
    [Alias("PlanFolds")] Task<IReadOnlyList<int>> PlanFolds(ExperimentSpec spec, string runFolder);
}

/// <summary>
/// The trainer of one device on one silo (key <c>silo-address|device</c>): activated on that silo,
/// never elsewhere; runs its jobs one at a time, in the order queued, on the device's own thread.
/// </summary>
[Alias("BrainTumor.ITrainerGrain")]
public interface ITrainerGrain : IGrainWithStringKey
{
    /// <summary>Queues a job; returns its position (0: running now).</summary>
    [Alias("Enqueue")] Task<int> Enqueue(StageJob job);

    /// <summary>Whether the job is queued or running here, or else its result if it ended here lately (the last 32 jobs).</summary>
    [Alias("Find"), ReadOnly] Task<TrainerHolding> Find(string stageKey);

    /// <summary>Drops a queued job or stops the running one within one batch.</summary>
    [Alias("Cancel")] Task<bool> Cancel(string stageKey);

    [Alias("GetStatus"), ReadOnly] Task<DeviceInfo> GetStatus();
}

/// <summary>The devices of the cluster (key 0): every silo registers its trainers; dead silos' trainers are left out.</summary>
[Alias("BrainTumor.IDeviceDirectoryGrain")]
public interface IDeviceDirectoryGrain : IGrainWithIntegerKey
{
    [Alias("Register")] Task Register(string silo, IReadOnlyList<string> trainerKeys);

    [Alias("List")] Task<IReadOnlyList<DeviceInfo>> List();

    /// <summary>The trainer with the shortest queue (ties by <paramref name="spread"/>, so folds spread over devices).</summary>
    [Alias("Pick")] Task<string> Pick(int spread);
}
