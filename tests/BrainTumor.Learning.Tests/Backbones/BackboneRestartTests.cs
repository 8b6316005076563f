using BrainTumor.Learning.Backbones;
using BrainTumor.Learning.Backbones.ResNetOnnx;
using BrainTumor.Learning.Tests.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Tests.Backbones;

[Collection(SeededTorchCollection.Name)]
public class BackboneRestartTests
{
    [Fact]
    public void A_used_resnet18_imagenet_network_restarted_equals_a_new_build_after_the_same_seed()
    {
        var backbone = BackboneRegistry.Get(ResNet18ImageNet.Name);
        using var used = backbone.Create(3);
        // What a run leaves behind: every weight and statistic changed, deeper blocks trainable, their batch statistics live.
        using (no_grad())
            foreach (var (_, tensor) in used.state_dict())
                tensor.add_(0.25);
        ((OnnxResNet)used).SetTrainableBlocks(2, UnfrozenBatchNorm.BatchStatistics);

        manual_seed(11);
        Assert.True(backbone.Restart(used, 3));
        manual_seed(11);
        using var built = backbone.Create(3);

        var restarted = used.state_dict();
        foreach (var (name, tensor) in built.state_dict())
            Assert.Equal(Values(tensor), Values(restarted[name]));
        Assert.Equal(built.named_parameters().Select(p => (p.name, p.parameter.requires_grad)), used.named_parameters().Select(p => (p.name, p.parameter.requires_grad)));
        Assert.Equal(Norms(built), Norms(used));

        manual_seed(12); // another seed: another head, the same body
        Assert.True(backbone.Restart(used, 3));
        Assert.NotEqual(Values(built.state_dict()["head.weight"]), Values(used.state_dict()["head.weight"]));
        Assert.Equal(Values(built.state_dict()["layer4.1.conv2.weight"]), Values(used.state_dict()["layer4.1.conv2.weight"]));
    }

    [Fact]
    public void A_backbone_whose_build_draws_before_its_head_cannot_restart_and_one_of_another_shape_is_not_restarted()
    {
        var vgg = BackboneRegistry.Get("vgg19");
        using var tiny = vgg.Create(3, widthDivisor: 8);
        Assert.False(vgg.Restart(tiny, 3, widthDivisor: 8)); // its convolutions draw their start before the head

        var resnet = BackboneRegistry.Get(ResNet18ImageNet.Name);
        using var fourClasses = resnet.Create(4);
        Assert.False(resnet.Restart(fourClasses, 3));
        Assert.False(resnet.Restart(tiny, 3));
    }

    private static float[] Values(Tensor tensor) => tensor.data<float>().ToArray();

    private static List<(string Name, bool Fixed)> Norms(nn.Module model) =>
        [.. model.named_modules().Where(m => m.module is FreezableBatchNorm2d).Select(m => (m.name, ((FreezableBatchNorm2d)m.module).FixedStatistics))];
}
