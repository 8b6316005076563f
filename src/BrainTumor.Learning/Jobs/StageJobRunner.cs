using BrainTumor.Learning.Runtime;
using System.Collections.Concurrent;
using System.Diagnostics;
using BrainTumor.Imaging.Folds;
using BrainTumor.Imaging.Preprocessing;
using BrainTumor.Imaging.Reading;
using BrainTumor.Imaging.Storage;
using BrainTumor.Learning.Backbones;
using BrainTumor.Learning.Prediction;
using BrainTumor.Learning.Training;
using BrainTumor.Learning.Weights;
using BrainTumor.Protocol.Labels;
using BrainTumor.Protocol.Runs;
using TorchSharp;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Jobs;

/// <summary>
/// Runs one <see cref="TrainerJob"/> on the calling (device) thread: loads the fold's slices through
/// the preprocessed cache, builds the network (or takes the device's last one when the job loads all
/// of its weights: <see cref="DeviceNetworks"/>), starts it from the pretrained weights (stage 0) or
/// the previous stage's best weights, trains with checkpoints in the run folder (a rerun
/// resumes there) and stores the stage's best weights; a refit job trains a kept stage again on the
/// training and validation parts, from the previous refit stage (the pretrained weights at depth 0),
/// and stores its last weights; a test job evaluates the chosen depth once (its refit weights when
/// the spec refits).
/// </summary>
/// <remarks>Every <see cref="IStageHook"/> given to it watches every stage it trains; what happens along the way goes to the job's <see cref="ITrainerJobObserver"/>.</remarks>
public sealed class StageJobRunner(StageJobSettings settings, FrozenFeatureStore features, IEnumerable<IStageHook> hooks) : IDisposable
{
    private readonly IStageHook[] _hooks = [.. hooks];

    // The last dataset each device loaded: the stages of a fold reuse it instead of reading the cache again.
    private readonly ConcurrentDictionary<string, (string Key, PreprocessedSlices Slices)> _loaded = new();

    private readonly DeviceNetworks _networks = new();

    public TrainerJobResult Run(TrainerJob job, string device, ITrainerJobObserver observer, CancellationToken cancellation)
    {
        var spec = job.Spec;
        var watch = Stopwatch.StartNew();
        var run = new RunFolder(job.RunFolder);
        var plan = FoldPlanStore.Load(run.Plan);
        var fold = plan.Folds.FirstOrDefault(f => f.Number == job.Fold)
                   ?? throw new InvalidDataException($"{run.Plan}: no fold {job.Fold}");
        var backbone = BackboneRegistry.Get(spec.Backbone);
        var preparation = SlicePreparation.For(spec.InputSize ?? backbone.InputSize, spec.Crop, spec.Normalize);
        var (slices, slicesKey) = Load(device, spec.Dataset, plan, preparation);
        var data = StageData.FromFold(slices, fold, backbone.Normalization);
        var bf16 = TorchRuntime.BFloat16Support(device);
        var recipe = SpecRecipe.For(spec, settings.CpuThreads, bf16.Available);
        if (spec.Precision == "bf16" && !bf16.Available)
            observer.PrecisionUnavailable($"precision bf16 asked for, but {bf16.Why}: {device} trains in float32");

        var pretrained = Pretrained(job, backbone);
        var shared = Shared(job, backbone, pretrained, $"{slicesKey}|{recipe.Precision}");
        // Later stages and tests load every weight from a stage's file, so the device's last network
        // serves them as it is. Stage 0 needs the network a new build gives (its head drawn from the
        // seed and the fold): the backbone restarts the last one in place when it can. The seed is
        // set first for both; the stage trainer seeds its own epochs.
        var key = $"{spec.Backbone}|{spec.WidthDivisor}";
        manual_seed(spec.Seed + job.Fold);
        var (model, holds) = _networks.Take(device, key,
            restart: job.Depth > 0 || job.Kind == TrainerJobKind.Test ? null : kept => backbone.Restart(kept, LabelMap.All.Count, spec.WidthDivisor),
            build: () => backbone.Create(LabelMap.All.Count, spec.WidthDivisor));
        WeightsFileStamp? after = null;
        try
        {
            TrainerJobResult result;
            (result, after) = job.Kind == TrainerJobKind.Test
                ? Test(job, run, model, holds, data, recipe, shared, watch, cancellation)
                : Train(job, run, backbone, pretrained, model, holds, data, recipe, shared, observer, cancellation);
            return result;
        }
        finally
        {
            _networks.Keep(device, key, model, after);
        }
    }

    private static (TrainerJobResult, WeightsFileStamp) Test(TrainerJob job, RunFolder run, nn.Module<Tensor, Tensor> model, WeightsFileStamp? holds, StageData data,
        TrainingRecipe recipe, SharedFeatures? shared, Stopwatch watch, CancellationToken cancellation)
    {
        var weights = DeviceNetworks.Load(model, run.TestedWeights(job.Fold, job.Depth, job.Spec.Refit), holds);
        var evaluation = Evaluation.Test(model, data, recipe, job.Depth, shared, cancellation);
        RunJson.Write(run.TestResult(job.Fold), new TestRecord(job.Fold, job.Depth, evaluation, evaluation.Metrics()));
        return (new TrainerJobResult.Tested(job.Depth, evaluation.Accuracy, evaluation.Loss, data.Test.Count, watch.Elapsed.TotalSeconds), weights);
    }

    private (TrainerJobResult, WeightsFileStamp) Train(TrainerJob job, RunFolder run, BackboneDefinition backbone, (bool Packaged, WeightsChoice? File) pretrained,
        nn.Module<Tensor, Tensor> model, WeightsFileStamp? holds, StageData data, TrainingRecipe recipe, SharedFeatures? shared, ITrainerJobObserver observer,
        CancellationToken cancellation)
    {
        StartingWeights(job, run, backbone, pretrained, model, holds, observer);
        var trainer = new StageTrainer(recipe)
        {
            EpochCompleted = e => observer.Epoch(e, data.Train.Count),
            Cancellation = cancellation,
            Shared = shared,
            CheckpointInterval = settings.CheckpointInterval,
            Hooks = _hooks,
        };
        var refit = job.Kind == TrainerJobKind.Refit;
        var outcome = refit
            ? trainer.Refit(model, data, job.Depth, job.RefitEpochs, run.RefitCheckpoint(job.Fold, job.Depth))
            : trainer.Train(model, data, job.Depth, run.Checkpoint(job.Fold, job.Depth));
        var writing = Stopwatch.StartNew();
        var weights = refit ? run.RefitWeights(job.Fold, job.Depth) : run.Weights(job.Fold, job.Depth);
        AtomicFile.Write(weights, partial => TorchSharpFormat.SaveModule(model, partial));
        observer.WeightsWritten(writing.Elapsed);
        RunJson.Write(refit ? run.RefitResult(job.Fold, job.Depth) : run.StageResult(job.Fold, job.Depth), outcome);
        observer.StageFinished(outcome);
        return (new TrainerJobResult.Trained(outcome), WeightsFileStamp.Of(weights));
    }

    public void Dispose() => _networks.Dispose();

    /// <summary>Stage 0 starts from the pretrained weights (the named file, or the backbone's default when present); stage k from stage k-1's best (a refit stage from refit stage k-1's).</summary>
    private static void StartingWeights(TrainerJob job, RunFolder run, BackboneDefinition backbone, (bool Packaged, WeightsChoice? File) pretrained,
        nn.Module<Tensor, Tensor> model, WeightsFileStamp? holds, ITrainerJobObserver observer)
    {
        if (job.Depth > 0)
        {
            DeviceNetworks.Load(model, job.Kind == TrainerJobKind.Refit
                ? run.RefitWeights(job.Fold, job.Depth - 1)
                : run.Weights(job.Fold, job.Depth - 1), holds);
            return;
        }
        var (packaged, choice) = pretrained;
        if (packaged)
            return; // built with its weights
        if (choice!.Present)
            backbone.ImportWeights(model, choice.Path);
        else
            observer.NoPretrainedWeights(choice.Describe());
    }

    /// <summary>Where stage 0's pretrained weights come from: built into the network, or a file (present or not).</summary>
    private (bool Packaged, WeightsChoice? File) Pretrained(TrainerJob job, BackboneDefinition backbone) =>
        job.Spec.Weights is null && backbone.DefaultWeights is PackagedWeights
            ? (true, null)
            : (false, WeightsChoice.For(backbone, settings.WeightsDirectory, job.Spec.Weights));

    /// <summary>
    /// What the job's frozen blocks may share with other folds and stages: only pretrained weights that
    /// are the same for every fold (the packaged ones, or a weights file, named by path, size and time);
    /// a network left at its seeded random start differs per fold and shares nothing.
    /// </summary>
    private SharedFeatures? Shared(TrainerJob job, BackboneDefinition backbone, (bool Packaged, WeightsChoice? File) pretrained, string slicesKey)
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

    private (PreprocessedSlices Slices, string Key) Load(string device, string dataset, FoldPlan plan, SlicePreparation preparation)
    {
        var key = $"{Path.GetFullPath(dataset)}|{preparation.Key}|{plan.ItemsDigest}";
        if (_loaded.TryGetValue(device, out var last) && last.Key == key)
            return (last.Slices, key);
        _loaded.TryRemove(device, out _);
        var reader = DatasetReaders.ForFolder(dataset, settings.Limits);
        var planned = plan.Folds.SelectMany(f => f.Test).ToHashSet(StringComparer.Ordinal);
        var items = reader.Index(dataset).Items.Where(i => planned.Contains(i.Id)).ToList();
        var slices = PreprocessedLoader.Load(reader, items, preparation, new PreprocessedSliceCache(settings.CacheDirectory));
        _loaded[device] = (key, slices);
        return (slices, key);
    }
}
