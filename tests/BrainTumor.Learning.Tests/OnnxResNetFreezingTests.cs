using BrainTumor.Learning.Backbones;
using BrainTumor.Learning.Backbones.ResNetOnnx;
using BrainTumor.Learning.Data;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Tests;

public class OnnxResNetFreezingTests
{
    [Fact]
    public void Stage_k_trains_the_head_and_the_k_deepest_blocks()
    {
        using var model = ResNet18ImageNet.Create(classes: 3);
        Assert.Equal(["head"], TrainableBlockOf(model));

        model.SetTrainableBlocks(2);
        Assert.Equal(["layer3", "layer4", "head"], TrainableBlockOf(model));
        Assert.Equal(["layer3", "layer4", "head"], model.TrainableBlocks.Select(b => b.Name));

        model.SetTrainableBlocks(5);
        Assert.All(model.parameters(), p => Assert.True(p.requires_grad));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.SetTrainableBlocks(6));
    }

    [Fact]
    public void Frozen_batchnorm_keeps_its_statistics_in_train_mode_and_unfrozen_follows_the_option()
    {
        using var model = ResNet18ImageNet.Create(classes: 3);
        using var batch = RealBatch();

        // Default: layer4 unfrozen, its BatchNorm statistics fixed too.
        model.SetTrainableBlocks(1);
        Assert.Empty(ChangedStatistics(model, batch));

        // Batch statistics for unfrozen blocks: only layer4's change, every frozen one stays.
        model.SetTrainableBlocks(1, UnfrozenBatchNorm.BatchStatistics);
        var changed = ChangedStatistics(model, batch);
        Assert.NotEmpty(changed);
        Assert.All(changed, name => Assert.StartsWith("layer4.", name));
        Assert.Equal(2 * 7, changed.Count); // 7 BatchNorm layers in layer4, mean and variance each
    }

    [Fact]
    public void With_every_statistic_fixed_train_mode_computes_what_eval_mode_does()
    {
        using var model = ResNet18ImageNet.Create(classes: 3);
        using var batch = RealBatch();
        model.SetTrainableBlocks(5);
        using var _ = no_grad();

        model.train();
        using var training = model.Features(batch);
        model.eval();
        using var evaluating = model.Features(batch);
        Assert.True(training.allclose(evaluating, rtol: 0, atol: 0));
    }

    private static List<string> TrainableBlockOf(OnnxResNet model) =>
        model.named_parameters().Where(p => p.parameter.requires_grad)
            .Select(p => model.Blocks.BlockOf(p.name).Name).Distinct().ToList();

    /// <summary>The running statistics a train-mode forward and backward changed.</summary>
    private static List<string> ChangedStatistics(OnnxResNet model, Tensor batch)
    {
        var before = model.named_buffers().ToDictionary(b => b.name, b => b.buffer.clone());
        model.train();
        using (var scores = model.call(batch))
        using (var loss = scores.sum())
            loss.backward();
        model.zero_grad();
        var changed = model.named_buffers().Where(b => !b.buffer.allclose(before[b.name], rtol: 0, atol: 0)).Select(b => b.name).ToList();
        foreach (var tensor in before.Values)
            tensor.Dispose();
        return changed;
    }

    private static Tensor RealBatch()
    {
        var slices = ResNet18ImageNetParityTests.SampleSlices();
        return SliceTensors.Batch(slices, Enumerable.Range(0, slices.Count).ToList(), ResNet18ImageNet.Normalization());
    }
}

public class OnnxResNetBlockwiseTests
{
    [Fact]
    public void Forward_blocks_compose_to_the_whole_network_at_every_split()
    {
        using var model = ResNet18ImageNet.Create(classes: 3);
        var slices = ResNet18ImageNetParityTests.SampleSlices();
        using var batch = SliceTensors.Batch(slices, [0, 1], ResNet18ImageNet.Normalization());
        model.eval();
        using var noGrad = no_grad();
        using var whole = model.call(batch);
        var count = model.Blocks.Blocks.Count;
        for (var split = 1; split < count; split++)
        {
            using var prefix = model.ForwardBlocks(batch, 0, split);
            using var rest = model.ForwardBlocks(prefix, split, count);
            Assert.True(rest.allclose(whole, rtol: 0, atol: 0), $"split at block {split} ({model.Blocks.Blocks[split].Name})");
        }
    }
}
