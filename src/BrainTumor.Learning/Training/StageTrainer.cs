using BrainTumor.Learning.Runtime;
using System.Diagnostics;
using System.Globalization;
using BrainTumor.Learning.Backbones;
using BrainTumor.Protocol.Ladder;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using BrainTumor.Protocol.Runs;

namespace BrainTumor.Learning.Training;

/// <summary>
/// Trains one stage of block-wise fine-tuning (Swati et al. 2019): the head and the
/// <c>depth</c> deepest blocks, from whatever weights the model holds (the previous stage's best),
/// with the recipe's optimizer and per-block learning rates, early stopping on validation accuracy,
/// and the best epoch's weights restored at the end. An epoch whose loss or accuracy is not finite
/// ends the stage at once as failed (<see cref="StageOutcome.Failure"/>), the model restored to the
/// best finite epoch (to the weights the stage started from when it had none). Without
/// augmentation the frozen blocks run once (<see cref="ActivationCache"/>). Runs synchronously on
/// the calling thread (TorchSharp's dispose scopes are thread-local); seeded, so two runs on the
/// CPU give the same numbers.
/// </summary>
public sealed class StageTrainer(TrainingRecipe recipe)
{
    private const double Tolerance = 1e-12;

    public TrainingRecipe Recipe { get; } = recipe.Validated();

    /// <summary>Called after every epoch (progress lines, memory probes): shorthand for a hook's <see cref="IStageHook.EpochFinished"/>.</summary>
    public Action<EpochRecord>? EpochCompleted { get; init; }

    /// <summary>Checked before every batch: a cancelled stage throws <see cref="OperationCanceledException"/>
    /// within one batch. With a checkpoint path it first saves the stage where it stands, between two batches,
    /// so a rerun goes on with the next batch and ends with the numbers of a stage never stopped.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>Called as each training batch starts, past the cancellation check, with (epoch, batch from 1): lets tests cancel while a given batch runs.</summary>
    internal Action<int, int>? BatchStarting { get; init; }

    /// <summary>Watch every stage, after the trainer's own <see cref="EarlyStopping"/> and <see cref="PeriodicCheckpoint"/>, in this order.</summary>
    public IReadOnlyList<IStageHook> Hooks { get; init; } = [];

    /// <summary>
    /// How long a stage trains between checkpoints: after an epoch, progress is saved once this much time
    /// has passed since the stage started or was last saved. Zero saves after every epoch. A crash loses
    /// at most this much training; a stage shorter than it writes no checkpoint (docs/TRAINING.md).
    /// </summary>
    public TimeSpan CheckpointInterval { get; init; }

    /// <summary>The clock <see cref="CheckpointInterval"/> is measured on.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Frozen-prefix outputs shared with the other folds and stages of the same pretrained network (see <see cref="FrozenFeatureStore"/>); null: each stage fills its own cache.</summary>
    public SharedFeatures? Shared { get; init; }

    /// <summary>A refit's trainer: every epoch's weights are kept, so the stage ends with its last epoch's (<see cref="Refit"/>).</summary>
    private bool KeepLastEpoch { get; init; }

    /// <summary>
    /// Trains stage <paramref name="depth"/> again on the training and validation parts together for
    /// exactly <paramref name="epochs"/> epochs and keeps the last epoch's weights (a refit,
    /// <see cref="LadderStep.RefitStage"/>). The validation numbers it records are measured on slices
    /// it trained on: they describe the fit and steer nothing. Checkpoints and resumes like
    /// <see cref="Train"/>.
    /// </summary>
    public StageOutcome Refit(nn.Module<Tensor, Tensor> model, StageData data, int depth, int epochs, string? checkpointPath = null, int? stopAfterEpochs = null) =>
        new StageTrainer(Recipe with { MaxEpochs = epochs })
        {
            EpochCompleted = EpochCompleted, Cancellation = Cancellation, BatchStarting = BatchStarting, Hooks = Hooks,
            CheckpointInterval = CheckpointInterval, Clock = Clock, Shared = Shared, KeepLastEpoch = true,
        }.Train(model, data with { Train = [.. data.Train, .. data.Validation] }, depth, checkpointPath, stopAfterEpochs);

    /// <summary>
    /// Trains stage <paramref name="depth"/>. With <paramref name="checkpointPath"/>, progress is saved
    /// there as <see cref="CheckpointInterval"/> says and an existing file is resumed from (a finished
    /// stage returns at once).
    /// <paramref name="stopAfterEpochs"/> ends the call early, as a crash would (for tests).
    /// </summary>
    public StageOutcome Train(nn.Module<Tensor, Tensor> model, StageData data, int depth, string? checkpointPath = null, int? stopAfterEpochs = null)
    {
        var network = Blockwise.Of(model);
        var watch = Stopwatch.StartNew();
        torch.set_num_threads(Recipe.Threads ?? Environment.ProcessorCount);
        // The frozen prefix's cache fill, every training step and every validation pass compute in the recipe's precision.
        using var precision = Autocast.Enable(Recipe.LowPrecision);
        torch.manual_seed(new StageSeeds(Recipe.Seed, depth).Initialisation);
        network.SetTrainableBlocks(depth, Recipe.BatchNorm);
        var startBlock = network.Blocks.FirstTrainableBlock(depth);

        var (optimizer, baseRates) = CreateOptimizer(model, depth);
        using var disposeOptimizer = optimizer;
        // What the stage can change, and so what its checkpoints and best weights hold: the head and the deepest blocks.
        var trainable = model.state_dict().Keys.Where(k => network.Blocks.Blocks.Skip(startBlock).Any(b => b.Covers(k))).ToHashSet(StringComparer.Ordinal);
        var best = WeightsSnapshot.Take(model, trainable); // the frozen blocks cannot change: their best is what the model holds
        try
        {
            var progress = StageProgress.Start(depth);
            if (checkpointPath is not null && File.Exists(checkpointPath))
                progress = StageCheckpoint.Load(checkpointPath, model, best, optimizer, trainable);
            if (progress.Depth != depth)
                throw new InvalidDataException($"{checkpointPath}: a checkpoint of depth {progress.Depth}, not {depth}");
            // A stage resumed inside an epoch holds that epoch's batches until it goes on: a cancellation before then saves them again.
            var stage = new StageContext(depth, model, best, optimizer, trainable, Cancellation, progress) { BaseRates = baseRates, InFlight = progress.Interrupted };

            var feed = progress.Finished
                ? new StageFeed(null, null, progress.Cache ?? CacheReport.Bypassed("resumed a finished stage: no epoch to run"))
                : StageFeed.Build(network, model, data, startBlock, Recipe, Cancellation, Shared);
            using (feed)
                RunEpochs(stage, HooksOf(checkpointPath), model, optimizer, feed, data, stopAfterEpochs, watch, checkpointPath);

            progress = stage.Progress;
            if (progress.BestEpoch != progress.EpochsDone) // otherwise the model holds the best epoch's weights already
                WeightsSnapshot.Copy(best, model.state_dict());
            return new StageOutcome(depth, progress.Epochs, progress.BestEpoch, progress.BestMetric, progress.BestLoss,
                progress.StoppedEarly, progress.Seconds, feed.Report, progress.Failure);
        }
        finally
        {
            WeightsSnapshot.Release(best);
        }
    }

    /// <summary>The trainer's own hooks (early stopping, then checkpoints), the caller's, then the delegate properties.</summary>
    private List<IStageHook> HooksOf(string? checkpointPath) =>
    [
        new EarlyStopping(Recipe.Patience),
        .. checkpointPath is null ? Array.Empty<IStageHook>() : [new PeriodicCheckpoint(checkpointPath, CheckpointInterval, Clock)],
        .. Hooks,
        new CallbackHook(EpochCompleted, BatchStarting),
    ];

    private void RunEpochs(StageContext stage, List<IStageHook> hooks, nn.Module<Tensor, Tensor> model, OptimizerHelper optimizer, StageFeed feed,
        StageData data, int? stopAfterEpochs, Stopwatch watch, string? checkpointPath)
    {
        try
        {
            RunEpochs(stage, hooks, model, optimizer, feed, data, stopAfterEpochs, watch);
        }
        catch (OperationCanceledException) when (checkpointPath is not null && Cancellation.IsCancellationRequested)
        {
            // Saved between two batches (or with the epoch's training done, when validation was cut short): a stage
            // stopped by an operator or by its silo's shutdown loses none of its epoch.
            stage.Progress = stage.Progress with { Interrupted = stage.InFlight };
            stage.SaveCheckpoint(checkpointPath);
            throw;
        }
    }

    private void RunEpochs(StageContext stage, List<IStageHook> hooks, nn.Module<Tensor, Tensor> model, OptimizerHelper optimizer, StageFeed feed,
        StageData data, int? stopAfterEpochs, Stopwatch watch)
    {
        var report = feed.Report;
        var images = new ImageInputs(data);
        var earlier = stage.Progress.Seconds;
        var stopAt = stopAfterEpochs is { } n ? stage.EpochsDone + n : int.MaxValue;
        hooks.ForEach(h => h.StageStarting(stage));
        while (!stage.Progress.Finished && stage.EpochsDone < stopAt)
        {
            var epochWatch = Stopwatch.StartNew();
            var epoch = stage.EpochsDone + 1;
            hooks.ForEach(h => h.EpochStarting(stage, epoch));
            var (trainLoss, trainAccuracy) = TrainEpoch(stage, hooks, model, optimizer, feed, images, data, epoch);
            var trainSeconds = epochWatch.Elapsed.TotalSeconds;
            var validation = Evaluation.Run(model, (IStageInputs?)feed.Plain ?? images, data.Labels, data.Validation, Recipe.BatchSize, Cancellation);
            var progress = stage.Progress;
            var failure = NonFinite(epoch, trainLoss, validation.Loss, validation.Accuracy);
            var improved = failure is null
                           && (KeepLastEpoch
                               || progress.BestEpoch == 0
                               || validation.Accuracy > progress.BestMetric + Tolerance
                               || (Math.Abs(validation.Accuracy - progress.BestMetric) <= Tolerance && validation.Loss < progress.BestLoss));
            if (improved)
                WeightsSnapshot.Copy(model.state_dict(), stage.Best);
            var record = new EpochRecord(epoch, trainLoss, trainAccuracy, validation.Loss, validation.Accuracy, epochWatch.Elapsed.TotalSeconds, improved, trainSeconds);
            stage.Progress = progress with
            {
                EpochsDone = epoch,
                BestEpoch = improved ? epoch : progress.BestEpoch,
                BestMetric = improved ? validation.Accuracy : progress.BestMetric,
                BestLoss = improved ? validation.Loss : progress.BestLoss,
                StaleEpochs = improved ? 0 : progress.StaleEpochs + 1,
                Finished = failure is not null || epoch >= Recipe.MaxEpochs,
                Seconds = earlier + watch.Elapsed.TotalSeconds,
                Epochs = [.. progress.Epochs, record],
                Cache = report,
                Failure = failure,
                Interrupted = null,
            };
            stage.InFlight = null;
            var stop = hooks.Aggregate(false, (any, h) => h.AfterValidation(stage, record) | any);
            if (stop && failure is null && epoch < Recipe.MaxEpochs)
                stage.Progress = stage.Progress with { Finished = true, StoppedEarly = true };
            NativeHeap.Trim();
            hooks.ForEach(h => h.EpochFinished(stage, record));
        }
    }

    /// <summary>
    /// Why the epoch's numbers end the stage as failed: a loss or accuracy that is not finite (the
    /// network diverged), which no later epoch recovers from and JSON cannot hold; null when all are finite.
    /// </summary>
    private static string? NonFinite(int epoch, double trainLoss, double validationLoss, double validationAccuracy)
    {
        var broken = new[] { ("training loss", trainLoss), ("validation loss", validationLoss), ("validation accuracy", validationAccuracy) }
            .Where(v => !double.IsFinite(v.Item2))
            .Select(v => $"the {v.Item1} became {v.Item2.ToString(CultureInfo.InvariantCulture)}")
            .ToList();
        return broken.Count == 0 ? null : $"{string.Join(" and ", broken)} at epoch {epoch}";
    }

    private (double Loss, double Accuracy) TrainEpoch(StageContext stage, List<IStageHook> hooks, nn.Module<Tensor, Tensor> model, OptimizerHelper optimizer,
        StageFeed feed, ImageInputs images, StageData data, int epoch)
    {
        var depth = stage.Depth;
        var end = Blockwise.Of(model).Blocks.Blocks.Count;
        // The epoch's order and augmentation from (seed, depth, epoch): nothing to save for a resume.
        var random = new Random(new StageSeeds(Recipe.Seed, depth).Epoch(epoch));
        var order = data.Train.ToArray();
        random.Shuffle(order);
        // With views each slice trains on one of its fixed views (from the cache, or recomputed when it has no room); else on its own draw.
        var fixedViews = Recipe.Augmentation.Any && Recipe.AugmentedViews > 0 ? new AugmentedViews(Recipe.Augmentation, Recipe.AugmentedViews, Recipe.Seed) : null;
        var views = fixedViews is not null ? order.Select(p => fixedViews.Key(p, random.Next(fixedViews.Count))).ToArray() : null;
        var cachedViews = feed.Views is not null;
        // The views' changes are needed only to recompute them: cached, their output is read by key.
        var draws = views is null ? Draws(random, order.Length) : cachedViews ? null : [.. views.Select(fixedViews!.Draw)];
        IStageInputs inputs = feed.Views ?? (Recipe.Augmentation.Any ? images : (IStageInputs?)feed.Plain ?? images);
        using var classWeights = Recipe.BalancedLoss ? BalancedWeights(data) : null;
        var batches = BatchesPerEpoch(order.Length);
        model.train();
        // An epoch a cancellation stopped goes on after its last stepped batch, with that batch's sums (the order and draws above are the same again).
        var resumed = stage.Progress.Interrupted is { } interrupted && interrupted.Epoch == epoch ? interrupted : null;
        stage.InFlight = resumed;
        double lossSum = resumed?.LossSum ?? 0;
        long correct = resumed?.Correct ?? 0, seen = resumed?.Seen ?? 0;
        for (var start = 0; start < order.Length; start += Recipe.BatchSize)
        {
            var count = Math.Min(Recipe.BatchSize, order.Length - start);
            if (count < 2 && seen > 0)
                break; // a batch of one would break batch statistics; its item is seen next epoch
            var batch = start / Recipe.BatchSize + 1;
            if (batch <= (resumed?.Batches ?? 0))
                continue;
            Cancellation.ThrowIfCancellationRequested();
            hooks.ForEach(h => h.BatchStarting(stage, epoch, batch));
            using var scope = NewDisposeScope();
            var part = order.AsSpan(start, count).ToArray();
            var targets = tensor(part.Select(p => (long)data.Labels[p]).ToArray());
            var batchInputs = cachedViews
                ? inputs.Batch(views.AsSpan(start, count).ToArray())
                : inputs.Batch(part, draws?.AsSpan(start, count).ToArray());
            var logits = Blockwise.Of(model).ForwardBlocks(batchInputs, inputs.StartBlock, end);
            var loss = nn.functional.cross_entropy(logits, targets, weight: classWeights, label_smoothing: Recipe.LabelSmoothing);
            optimizer.zero_grad();
            loss.backward();
            if (Recipe.GradientClip > 0)
                nn.utils.clip_grad_norm_(model.parameters().Where(p => p.requires_grad), Recipe.GradientClip);
            SetRates(optimizer, stage.BaseRates, LearningRates.Factor(Recipe, (epoch - 1) * batches + batch - 1, Recipe.MaxEpochs * batches));
            optimizer.step();
            var batchLoss = loss.item<float>();
            lossSum += batchLoss * count;
            correct += logits.argmax(1).eq(targets).sum().item<long>();
            seen += count;
            stage.InFlight = new InterruptedEpoch(epoch, batch, lossSum, correct, seen);
            hooks.ForEach(h => h.BatchFinished(stage, epoch, batch, batchLoss));
        }
        return (lossSum / seen, (double)correct / seen);
    }

    /// <summary>The epoch's augmentation draws, in the order of its slices; null without augmentation.</summary>
    private AugmentationDraw[]? Draws(Random random, int count)
    {
        var augmentation = Recipe.Augmentation;
        if (!augmentation.Any)
            return null;
        // Flips are drawn first, as they always were, so a flips-only stage trains on the same images as before.
        var flips = augmentation.Flip ? Enumerable.Range(0, count).Select(_ => random.NextDouble() < 0.5).ToArray() : new bool[count];
        var draws = augmentation.BeyondFlips ? augmentation.Draw(random, count) : Enumerable.Repeat(AugmentationDraw.Identity, count).ToArray();
        for (var i = 0; i < count; i++)
            draws[i] = draws[i] with { Flip = flips[i] };
        return draws;
    }

    /// <summary>Batches of an epoch over <paramref name="count"/> slices (a last batch of one is skipped).</summary>
    private int BatchesPerEpoch(int count) =>
        count / Recipe.BatchSize + (count % Recipe.BatchSize >= 2 || count < Recipe.BatchSize ? 1 : 0);

    /// <summary>Per class, the training slices' count over (classes x that class's count): 1 for every class when balanced.</summary>
    private static Tensor BalancedWeights(StageData data)
    {
        var classes = BrainTumor.Protocol.Labels.LabelMap.Names.Count;
        var counts = new double[classes];
        foreach (var p in data.Train)
            counts[data.Labels[p]]++;
        return tensor(counts.Select(c => c == 0 ? 0f : (float)(data.Train.Count / (classes * c))).ToArray());
    }

    private static void SetRates(OptimizerHelper optimizer, IReadOnlyList<double> baseRates, double factor)
    {
        var i = 0;
        foreach (var group in optimizer.ParamGroups)
            group.LearningRate = baseRates[i++] * factor;
    }

    /// <summary>
    /// One parameter group per trainable block: the head at the base rate, block d below it at rate x factor^d.
    /// With weight decay, each block's biases and normalisation scales (tensors of one dimension) get a group without it.
    /// </summary>
    private (OptimizerHelper Optimizer, IReadOnlyList<double> BaseRates) CreateOptimizer(nn.Module<Tensor, Tensor> model, int depth)
    {
        var blocks = Blockwise.Of(model).Blocks;
        var parameters = model.named_parameters().Where(p => p.parameter.requires_grad).ToList();
        var decayed = Recipe.WeightDecay > 0;
        var groups = blocks.TrainedAt(depth)
            .SelectMany((block, i) =>
            {
                var rate = Recipe.LearningRate * Math.Pow(Recipe.BlockLrFactor, depth - i);
                var own = parameters.Where(p => blocks.BlockOf(p.name) == block).Select(p => p.parameter).ToList();
                return decayed
                    ? new[] { (Rate: rate, Decay: Recipe.WeightDecay, Parameters: own.Where(p => p.dim() > 1).ToList()),
                              (Rate: rate, Decay: 0.0, Parameters: own.Where(p => p.dim() <= 1).ToList()) }
                    : [(Rate: rate, Decay: 0.0, Parameters: own)];
            })
            .Where(g => g.Parameters.Count > 0)
            .ToList();
        OptimizerHelper optimizer = Recipe.Optimizer switch
        {
            OptimizerKind.Sgd => torch.optim.SGD(
                groups.Select(g => new SGD.ParamGroup(g.Parameters, new SGD.Options { LearningRate = g.Rate, momentum = Recipe.Momentum, weight_decay = g.Decay, nesterov = Recipe.Nesterov })),
                Recipe.LearningRate, Recipe.Momentum, nesterov: Recipe.Nesterov),
            OptimizerKind.AdamW => torch.optim.AdamW(
                groups.Select(g => new AdamW.ParamGroup(g.Parameters, new AdamW.Options { LearningRate = g.Rate, weight_decay = g.Decay })),
                Recipe.LearningRate),
            _ => throw new ArgumentOutOfRangeException(nameof(Recipe.Optimizer), Recipe.Optimizer, "unknown optimizer"),
        };
        return (optimizer, [.. groups.Select(g => g.Rate)]);
    }
}
