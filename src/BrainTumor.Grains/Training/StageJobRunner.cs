using System.Collections.Concurrent;
using System.Diagnostics;
using BrainTumor.Grains.Telemetry;
using BrainTumor.Imaging.Folds;
using BrainTumor.Protocol.Labels;
using BrainTumor.Imaging.Preprocessing;
using BrainTumor.Imaging.Reading;
using BrainTumor.Imaging.Storage;
using BrainTumor.Learning.Backbones;
using BrainTumor.Learning.Training;
using BrainTumor.Learning.Weights;
using BrainTumor.Protocol.Specs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TorchSharp;
using static TorchSharp.torch;
using BrainTumor.Protocol.Runs;

namespace BrainTumor.Grains.Training;

/// <summary>
/// Runs one <see cref="StageJob"/> on the calling (device) thread: loads the fold's slices through
/// the preprocessed cache, builds the network (or takes the device's last one when the job loads all
/// of its weights: <see cref="DeviceNetworks"/>), starts it from the pretrained weights (stage 0) or
/// the previous stage's best weights, trains with checkpoints in the run folder (a rerun
/// resumes there) and stores the stage's best weights; a refit job trains a kept stage again on the
/// training and validation parts, from the previous refit stage (the pretrained weights at depth 0),
/// and stores its last weights; a test job evaluates the chosen depth once (its refit weights when
/// the spec refits).
/// </summary>
/// <remarks>Every <see cref="IStageHook"/> registered with the silo's services watches every stage it trains.</remarks>
public sealed class StageJobRunner(IOptions<ExperimentsOptions> options, IOptions<WeightsOptions> weights, IOptions<ImagingOptions> imaging,
    FrozenFeatureStore features, BrainTumorMetrics metrics, ILogger<StageJobRunner> logger, IEnumerable<IStageHook> hooks) : IDisposable
{
    private readonly IStageHook[] _hooks = [.. hooks];

    private readonly ExperimentsOptions _options = options.Value;
    private readonly WeightsOptions _weights = weights.Value;
    private readonly ImagingOptions _imaging = imaging.Value;

    // The last dataset each device loaded: the stages of a fold reuse it instead of reading the cache again.
    private readonly ConcurrentDictionary<string, (string Key, PreprocessedSlices Slices)> _loaded = new();

    private readonly DeviceNetworks _networks = new();

    public JobResult Run(StageJob job, string device, Action<EpochRecord> epochDone, CancellationToken cancellation)
    {
        using var span = BrainTumorActivities.StartRun(job, device);
        var spec = job.Spec;
        var watch = Stopwatch.StartNew();
        var plan = FoldPlanStore.Load(RunLayout.Plan(job.RunFolder));
        var fold = plan.Folds.FirstOrDefault(f => f.Number == job.Fold)
                   ?? throw new InvalidDataException($"{RunLayout.Plan(job.RunFolder)}: no fold {job.Fold}");
        var backbone = BackboneRegistry.Get(spec.Backbone);
        var size = spec.InputSize ?? backbone.InputSize;
        var (slices, slicesKey) = Load(device, spec.Dataset, plan, size);
        var data = StageData.FromFold(slices, fold, backbone.Normalization);
        var recipe = SpecRecipe.For(spec, _options.CpuThreads);

        var pretrained = Pretrained(job, backbone);
        var shared = Shared(job, backbone, pretrained, slicesKey);
        // Later stages and tests load every weight from a stage's file, so the device's last network
        // serves them as it is. Stage 0 needs the network a new build gives (its head drawn from the
        // seed and the fold): the backbone restarts the last one in place when it can. The seed is
        // set first for both; the stage trainer seeds its own epochs.
        var key = $"{spec.Backbone}|{spec.WidthDivisor}";
        manual_seed(spec.Seed + job.Fold);
        var (model, holds) = _networks.Take(device, key,
            restart: job.Depth > 0 || job.Kind == StageJobKind.Test ? null : kept => backbone.Restart(kept, LabelMap.All.Count, spec.WidthDivisor),
            build: () => backbone.Create(LabelMap.All.Count, spec.WidthDivisor));
        WeightsFileStamp? after = null;
        try
        {
            JobResult result;
            (result, after) = job.Kind == StageJobKind.Test
                ? Test(job, model, holds, data, recipe, shared, watch, cancellation)
                : Train(job, device, backbone, pretrained, model, holds, data, recipe, shared, epochDone, cancellation);
            return result;
        }
        finally
        {
            _networks.Keep(device, key, model, after);
        }
    }

    private static (JobResult, WeightsFileStamp) Test(StageJob job, nn.Module<Tensor, Tensor> model, WeightsFileStamp? holds, StageData data, TrainingRecipe recipe,
        SharedFeatures? shared, Stopwatch watch, CancellationToken cancellation)
    {
        var tested = job.Spec.Refit ? RunLayout.RefitWeights(job.RunFolder, job.Fold, job.Depth) : RunLayout.Weights(job.RunFolder, job.Fold, job.Depth);
        var weights = DeviceNetworks.Load(model, tested, holds);
        var evaluation = Evaluation.Test(model, data, recipe, job.Depth, shared, cancellation);
        RunLayout.WriteJson(RunLayout.TestResult(job.RunFolder, job.Fold), new TestRecord(job.Fold, job.Depth, evaluation, evaluation.Metrics()));
        return (new JobResult(RunStatus.Completed, null,
            new TestSummary(job.Depth, evaluation.Accuracy, evaluation.Loss, data.Test.Count, watch.Elapsed.TotalSeconds), null), weights);
    }

    private (JobResult, WeightsFileStamp) Train(StageJob job, string device, BackboneDefinition backbone, (bool Packaged, WeightsChoice? File) pretrained,
        nn.Module<Tensor, Tensor> model, WeightsFileStamp? holds, StageData data, TrainingRecipe recipe, SharedFeatures? shared, Action<EpochRecord> epochDone,
        CancellationToken cancellation)
    {
        StartingWeights(job, backbone, pretrained, model, holds);
        var trainer = new StageTrainer(recipe)
        {
            EpochCompleted = e => { Observe(job, device, e, data.Train.Count); epochDone(e); },
            Cancellation = cancellation,
            Shared = shared,
            CheckpointInterval = _options.CheckpointInterval,
            Hooks = _hooks,
        };
        var refit = job.Kind == StageJobKind.Refit;
        var outcome = refit
            ? trainer.Refit(model, data, job.Depth, job.RefitEpochs, RunLayout.RefitCheckpoint(job.RunFolder, job.Fold, job.Depth))
            : trainer.Train(model, data, job.Depth, RunLayout.Checkpoint(job.RunFolder, job.Fold, job.Depth));
        var writing = Stopwatch.StartNew();
        var weights = refit ? RunLayout.RefitWeights(job.RunFolder, job.Fold, job.Depth) : RunLayout.Weights(job.RunFolder, job.Fold, job.Depth);
        AtomicFile.Write(weights, partial => TorchSharpFormat.SaveModule(model, partial));
        metrics.CheckpointWritten(job, writing.Elapsed);
        metrics.StageFinished(job, outcome.BestValidationAccuracy);
        RunLayout.WriteJson(refit ? RunLayout.RefitResult(job.RunFolder, job.Fold, job.Depth) : RunLayout.StageResult(job.RunFolder, job.Fold, job.Depth), outcome);
        if (outcome.Failure is { } failure)
            logger.LogWarning("{Job}: failed: {Failure}; best finite epoch {Epoch} of {Epochs}", job, failure, outcome.BestEpoch, outcome.EpochsRun);
        else
            logger.LogInformation("{Job}: best validation accuracy {Accuracy:F4} at epoch {Epoch} of {Epochs} ({Seconds:F1} s, {Cache})",
                job, outcome.BestValidationAccuracy, outcome.BestEpoch, outcome.EpochsRun, outcome.Seconds, outcome.Cache);
        return (new JobResult(RunStatus.Completed,
            new StageSummary(job.Depth, outcome.EpochsRun, outcome.BestEpoch, outcome.BestValidationAccuracy, outcome.BestValidationLoss,
                outcome.StoppedEarly, outcome.Seconds, outcome.Cache.ToString(), outcome.Failure), null, null), WeightsFileStamp.Of(weights));
    }

    public void Dispose() => _networks.Dispose();

    /// <summary>Each epoch on the device's thread: its span under the stage's context, its numbers on the meter.</summary>
    private void Observe(StageJob job, string device, EpochRecord epoch, int trainingImages)
    {
        BrainTumorActivities.RecordEpoch(job, device, epoch.Epoch, epoch.Seconds);
        metrics.Epoch(job, device, epoch, trainingImages);
    }

    /// <summary>Stage 0 starts from the pretrained weights (the named file, or the backbone's default when present); stage k from stage k-1's best (a refit stage from refit stage k-1's).</summary>
    private void StartingWeights(StageJob job, BackboneDefinition backbone, (bool Packaged, WeightsChoice? File) pretrained, nn.Module<Tensor, Tensor> model,
        WeightsFileStamp? holds)
    {
        if (job.Depth > 0)
        {
            DeviceNetworks.Load(model, job.Kind == StageJobKind.Refit
                ? RunLayout.RefitWeights(job.RunFolder, job.Fold, job.Depth - 1)
                : RunLayout.Weights(job.RunFolder, job.Fold, job.Depth - 1), holds);
            return;
        }
        var (packaged, choice) = pretrained;
        if (packaged)
            return; // built with its weights
        if (choice!.Present)
            backbone.ImportWeights(model, choice.Path);
        else
            logger.LogWarning("{Job}: {Weights}", job, choice.Describe());
    }

    /// <summary>Where stage 0's pretrained weights come from: built into the network, or a file (present or not).</summary>
    private (bool Packaged, WeightsChoice? File) Pretrained(StageJob job, BackboneDefinition backbone) =>
        job.Spec.Weights is null && backbone.DefaultWeights is PackagedWeights
            ? (true, null)
            : (false, WeightsChoice.For(backbone, _weights.Directory, job.Spec.Weights));

    /// <summary>
    /// What the job's frozen blocks may share with other folds and stages: only pretrained weights that
    /// are the same for every fold (the packaged ones, or a weights file, named by path, size and time);
    /// a network left at its seeded random start differs per fold and shares nothing.
    /// </summary>
    private SharedFeatures? Shared(StageJob job, BackboneDefinition backbone, (bool Packaged, WeightsChoice? File) pretrained, string slicesKey)
    {
        if (features.BudgetBytes == 0)
            return null;
        var (packaged, choice) = pretrained;
        if (!packaged && !choice!.Present)
            return null;
        var file = packaged ? null : new FileInfo(choice!.Path);
        var weights = file is null ? "packaged" : FormattableString.Invariant($"{file.FullName}|{file.Length}|{file.LastWriteTimeUtc.Ticks}");
        return new SharedFeatures(features, $"{backbone.Name}|{job.Spec.WidthDivisor}|{weights}|{slicesKey}");
    }

    private (PreprocessedSlices Slices, string Key) Load(string device, string dataset, FoldPlan plan, int size)
    {
        var key = $"{Path.GetFullPath(dataset)}|{size}|{plan.ItemsDigest}";
        if (_loaded.TryGetValue(device, out var last) && last.Key == key)
            return (last.Slices, key);
        _loaded.TryRemove(device, out _);
        var reader = DatasetReaders.ForFolder(dataset, _imaging.Limits);
        var planned = plan.Folds.SelectMany(f => f.Test).ToHashSet(StringComparer.Ordinal);
        var items = reader.Index(dataset).Items.Where(i => planned.Contains(i.Id)).ToList();
        var slices = PreprocessedLoader.Load(reader, items, size, new PreprocessedSliceCache(_imaging.CacheDirectory));
        _loaded[device] = (key, slices);
        return (slices, key);
    }
}
