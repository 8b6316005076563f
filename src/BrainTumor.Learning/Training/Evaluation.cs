using BrainTumor.Learning.Runtime;
using BrainTumor.Learning.Backbones;
using BrainTumor.Protocol.Metrics;
using BrainTumor.Protocol.Runs;
using TorchSharp;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Training;

public static class Evaluation
{
    /// <summary>
    /// The test pass of a fold's chosen network (fine-tuned at <paramref name="depth"/>): from the
    /// shared frozen features when there are some, and with <see cref="TrainingRecipe.TestTimeFlips"/>
    /// the softmax probabilities of each slice averaged with those of its mirror image.
    /// </summary>
    public static EvaluationResult Test(nn.Module<Tensor, Tensor> model, StageData data, TrainingRecipe recipe, int depth, SharedFeatures? shared,
        CancellationToken cancellation = default)
    {
        using var precision = Autocast.Enable(recipe.LowPrecision);
        var plain = shared is not null
            ? Run(model, data, data.Test, recipe.BatchSize, depth, shared, cancellation)
            : Run(model, data, data.Test, recipe.BatchSize, cancellation);
        if (!recipe.TestTimeFlips)
            return plain;
        var mirrored = Run(model, new ImageInputs(data), data.Labels, data.Test, recipe.BatchSize, cancellation, AugmentationDraw.Flipped);
        return Averaged(plain, mirrored);
    }

    /// <summary>Two passes over the same slices as one: the mean of their probabilities, its arg max, and the loss of that mean.</summary>
    internal static EvaluationResult Averaged(EvaluationResult a, EvaluationResult b)
    {
        var scores = a.Scores.Zip(b.Scores, (x, y) => (IReadOnlyList<double>)[.. x.Zip(y, (p, q) => (p + q) / 2)]).ToList();
        var predicted = scores.Select(s => s.Select((p, i) => (p, i)).MaxBy(t => t.p).i).ToList();
        var loss = a.Truth.Select((t, i) => -Math.Log(Math.Max(scores[i][t], 1e-12))).Average();
        var accuracy = (double)a.Truth.Zip(predicted).Count(p => p.First == p.Second) / a.Truth.Count;
        return new EvaluationResult(loss, accuracy, a.Truth, predicted, scores);
    }

    /// <summary>The whole network on the images at <paramref name="positions"/> (a test part).</summary>
    public static EvaluationResult Run(nn.Module<Tensor, Tensor> model, StageData data, IReadOnlyList<int> positions, int batchSize, CancellationToken cancellation = default) =>
        Run(model, new ImageInputs(data), data.Labels, positions, batchSize, cancellation);

    /// <summary>
    /// The same pass for a network whose <paramref name="depth"/> deepest blocks were fine-tuned (the rest
    /// still the pretrained ones): the frozen part's outputs come from <paramref name="shared"/>, computed
    /// once for every fold, and only the fine-tuned part runs here. Without room in the store, the whole network runs.
    /// </summary>
    public static EvaluationResult Run(nn.Module<Tensor, Tensor> model, StageData data, IReadOnlyList<int> positions, int batchSize, int depth,
        SharedFeatures shared, CancellationToken cancellation = default)
    {
        var network = Blockwise.Of(model);
        var startBlock = network.Blocks.FirstTrainableBlock(depth);
        if (startBlock <= 0)
            return Run(model, data, positions, batchSize, cancellation);
        if (ActivationCache.FromShared(shared, network, model, data, startBlock, positions, batchSize, cancellation) is not { } fromStore)
            return Run(model, data, positions, batchSize, cancellation);
        using var cache = fromStore.Cache;
        return Run(model, cache, data.Labels, positions, batchSize, cancellation);
    }

    internal static EvaluationResult Run(nn.Module<Tensor, Tensor> model, IStageInputs inputs, IReadOnlyList<int> labels, IReadOnlyList<int> positions, int batchSize,
        CancellationToken cancellation = default, AugmentationDraw? change = null)
    {
        if (positions.Count == 0)
            throw new ArgumentException("nothing to evaluate", nameof(positions));
        model.eval();
        using var noGrad = no_grad();
        var network = Blockwise.Of(model);
        var end = network.Blocks.Blocks.Count;
        double lossSum = 0;
        var truth = new List<int>(positions.Count);
        var predicted = new List<int>(positions.Count);
        var scores = new List<IReadOnlyList<double>>(positions.Count);
        for (var start = 0; start < positions.Count; start += batchSize)
        {
            cancellation.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var part = positions.Skip(start).Take(batchSize).ToList();
            var targets = tensor(part.Select(p => (long)labels[p]).ToArray());
            var logits = network.ForwardBlocks(inputs.Batch(part, change is { } c ? [.. part.Select(_ => c)] : null), inputs.StartBlock, end);
            lossSum += nn.functional.cross_entropy(logits, targets, reduction: nn.Reduction.Sum).item<float>();
            var probabilities = nn.functional.softmax(logits, 1).to(ScalarType.Float64).data<double>().ToArray();
            var classes = (int)logits.shape[1];
            var argmax = logits.argmax(1).data<long>().ToArray();
            for (var i = 0; i < part.Count; i++)
            {
                truth.Add(labels[part[i]]);
                predicted.Add((int)argmax[i]);
                scores.Add(probabilities.AsSpan(i * classes, classes).ToArray());
            }
        }
        var correct = truth.Zip(predicted).Count(p => p.First == p.Second);
        return new EvaluationResult(lossSum / positions.Count, (double)correct / positions.Count, truth, predicted, scores);
    }
}
