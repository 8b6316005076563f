namespace BrainTumor.Grains;

/// <summary>
/// Section <c>BrainTumor:Experiments</c> of appsettings.json: where runs are written, which folders
/// experiments may read, how training is paced. Relative paths are taken from the silo's working
/// directory. The grains read the weights and imaging sections as their own options
/// (<see cref="Learning.Backbones.WeightsOptions"/>, <see cref="Imaging.Reading.ImagingOptions"/>).
/// </summary>
public sealed class ExperimentsOptions
{
    public const string Section = "BrainTumor:Experiments";

    /// <summary>Run folders (<c>{ArtifactsDirectory}/{experiment id}</c>): fold plans, checkpoints, weights, results.
    /// In a cluster every silo must see the same folder.</summary>
    public string ArtifactsDirectory { get; set; } = "artifacts/runs";

    /// <summary>Datasets must lie under one of these folders; anything else is refused.</summary>
    public List<string> DataRoots { get; set; } = [];

    /// <summary>How often a running experiment checks that its folds progress (minimum: the reminder service's).</summary>
    public TimeSpan WatchdogPeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Memory (MiB) for frozen-block outputs shared by the folds and stages of experiments on this silo:
    /// the pretrained blocks run once per dataset instead of once per fold and stage. 0 turns sharing off.
    /// </summary>
    public int SharedFeaturesMiB { get; set; } = 1024;

    /// <summary>
    /// How long a stage trains between checkpoints (<c>stage-k.ckpt</c>): a crash loses at most this much
    /// training, and a stage shorter than it writes none. Zero checkpoints after every epoch.
    /// </summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Backbones whose one-time setup (parsing an ONNX graph) the silo does while it starts, so the
    /// first experiment on them does not wait for it. Names from <c>braintumor backbone list</c>.
    /// </summary>
    public string[] PreloadBackbones { get; set; } = [];

    /// <summary>
    /// Whether this silo trains the experiments it finds left running (a silo that stopped or died while they
    /// trained): it wakes them once it is up, and their watchdogs queue their stages again. The command line's
    /// embedded silo turns it off for commands that only read or cancel (list, show, report, compare, cancel,
    /// predict, devices): reading an experiment never starts its training; start, resume, watch and demo train.
    /// </summary>
    public bool ResumeRunning { get; set; } = true;

    /// <summary>libtorch CPU threads of a CPU trainer; null for one per core.</summary>
    public int? CpuThreads { get; set; }
}
