using BrainTumor.Imaging.Preprocessing;
using BrainTumor.Imaging.Reading;
using BrainTumor.Learning.Backbones;
using BrainTumor.Learning.Backbones.ResNetOnnx;
using BrainTumor.Learning.Data;
using BrainTumor.Learning.Saliency;
using BrainTumor.Learning.Tests.Support;
using BrainTumor.Learning.Tests.Training;
using BrainTumor.Testing;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Tests.Saliency;

[Collection(SeededTorchCollection.Name)]
public class GradCamTests
{
    // x0 of a 1x6x6 input: positive on the left, negative on the right, zero in the middle columns.
    private static readonly float[] Pattern =
    [
        4, 2, 0, 0, -1, -3,
        3, 2, 0, 0, -2, -6,
        2, 1, 0, 0, -1, -2,
        1, 1, 0, 0, -1, -1,
        8, 2, 0, 0, -1, -1,
        1, 0, 0, 0, -4, -1,
    ];

    [Fact]
    public void Hand_built_network_gives_the_known_maps()
    {
        using var model = new HandNet();
        using var input = Input();

        using var positive = GradCam.Compute(model, input, [0]);
        using var negative = GradCam.Compute(model, input, [1]);

        AssertClose(Pattern.Select(v => Math.Max(v, 0) / 8f), SaliencyMap.FromBatch(positive.Maps)[0].Values);
        AssertClose(Pattern.Select(v => Math.Max(-v, 0) / 6f), SaliencyMap.FromBatch(negative.Maps)[0].Values);
        Assert.Equal((4.0, 0.0), SaliencyMap.FromBatch(positive.Maps)[0].Peak());
        Assert.Equal((1.0, 5.0), SaliencyMap.FromBatch(negative.Maps)[0].Peak());
    }

    [Fact]
    public void Without_classes_the_predicted_class_is_explained_and_the_logits_are_the_networks()
    {
        using var model = new HandNet();
        using var input = Input(); // mean(x0) > 0: class 0 wins

        using var predicted = GradCam.Compute(model, input);
        using var classZero = GradCam.Compute(model, input, [0]);

        TensorAssert.Same(classZero.Maps, predicted.Maps);
        using var logits = model.call(input);
        TensorAssert.Close(logits, predicted.Logits, 1e-6);
        Assert.Equal(0, predicted.Logits.argmax(1).item<long>());
    }

    [Fact]
    public void A_map_with_nothing_positive_is_all_zeros()
    {
        using var model = new HandNet();
        using var input = ones(1, 3, 6, 6); // A1 = -1 everywhere: ReLU leaves nothing for class 1

        using var output = GradCam.Compute(model, input, [1]);

        Assert.All(SaliencyMap.FromBatch(output.Maps)[0].Values, v => Assert.Equal(0f, v));
        Assert.Null(SaliencyMap.FromBatch(output.Maps)[0].Peak());
    }

    [Fact]
    public void Classes_must_match_the_batch_and_the_network_must_be_blockwise()
    {
        using var model = new HandNet();
        using var input = Input();
        Assert.Contains("2 classes for a batch of 1", Assert.Throws<ArgumentException>(() => GradCam.Compute(model, input, [0, 1])).Message);
        using var plain = TorchSharp.torch.nn.Sequential(TorchSharp.torch.nn.Identity());
        Assert.Contains("not a block-wise network", Assert.Throws<ArgumentException>(() => GradCam.Compute(plain, input)).Message);
    }

    [Fact]
    public void Resnet18_imagenet_maps_are_at_input_size_leave_no_gradients_and_keep_the_networks_logits()
    {
        manual_seed(3);
        using var model = ResNet18ImageNet.Create(3);
        var reader = DatasetReaders.ForFolder(TestPaths.Sample);
        var items = reader.Index(TestPaths.Sample).Items;
        var slices = PreprocessedLoader.Load(reader, [items[0], items[150]], ResNet18ImageNet.InputSize, cache: null);
        using var batch = SliceTensors.Batch(slices, [0, 1], ResNet18ImageNet.Normalization());

        using var output = GradCam.Compute(model, batch);

        Assert.Equal(new long[] { 2, 224, 224 }, output.Maps.shape);
        Assert.All(SaliencyMap.FromBatch(output.Maps), m => Assert.Equal((0f, 1f), (m.Values.Min(), m.Values.Max())));
        Assert.All(model.parameters(), p => Assert.True(p.grad is null));
        using var noGrad = no_grad();
        using var logits = model.call(batch);
        TensorAssert.Close(logits, output.Logits, 1e-4);
    }

    private static void AssertClose(IEnumerable<float> expected, float[] actual) =>
        Assert.All(expected.Zip(actual), pair => Assert.Equal(pair.First, pair.Second, 1e-6));

    private static Tensor Input()
    {
        var values = new float[3 * 36];
        Pattern.CopyTo(values, 0);
        return tensor(values, [1, 3, 6, 6]);
    }
}
