using BrainTumor.Learning.Backbones;
using BrainTumor.Learning.Backbones.ResNetOnnx;
using BrainTumor.Learning.Runtime;
using BrainTumor.Learning.Training;
using BrainTumor.Protocol.Runs;
using TorchSharp;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Tests.Training;

[Collection(SeededTorchCollection.Name)]
public class MixedPrecisionTests
{
    [Fact]
    public void Under_a_bf16_scope_the_resnet_computes_in_bfloat16_and_returns_float32_from_float32_weights()
    {
        using var model = ResNet18ImageNet.Create(classes: 3);
        model.eval();
        manual_seed(3);
        using var input = randn(2, 3, 224, 224);
        using var plain = Run(model, input, low: null);
        using var mixed = Run(model, input, ScalarType.BFloat16);
        using var prefix = Prefix(model, input);

        Assert.Equal(ScalarType.Float32, mixed.dtype);
        Assert.Equal(ScalarType.Float32, prefix.dtype);
        // bfloat16 keeps 8 significant bits: close to the float32 answer, and not equal to it.
        var difference = (mixed - plain).abs().max().item<float>();
        Assert.InRange(difference, 1e-5f, 0.05f * plain.abs().max().item<float>());
        Assert.All(model.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
        Assert.Null(Autocast.LowPrecision);
    }

    [Fact]
    public void Gradients_reach_the_float32_weights_in_float32_and_agree_with_float32_training()
    {
        foreach (var network in new Func<nn.Module<Tensor, Tensor>>[] { () => TinyTraining.Model(), () => ResNet18ImageNet.Create(classes: 3) })
        {
            using var model = network();
            Blockwise.Of(model).SetTrainableBlocks(2);
            model.eval(); // no dropout: both passes see the same network
            manual_seed(5);
            var side = model is Vgg ? TinyTraining.Size : 224;
            using var input = randn(4, 3, side, side);
            var plain = Gradients(model, input, low: null);
            var mixed = Gradients(model, input, ScalarType.BFloat16);
            Assert.Equal(plain.Count, mixed.Count);
            Assert.NotEmpty(mixed);
            foreach (var (name, gradient) in mixed)
            {
                Assert.Equal(ScalarType.Float32, gradient.dtype);
                // The same direction, from a bfloat16 forward and backward: cosine similarity near 1.
                var cosine = (gradient * plain[name]).sum().item<float>() / (gradient.norm().item<float>() * plain[name].norm().item<float>() + 1e-12f);
                Assert.True(cosine > 0.98f, $"{name}: cosine {cosine}");
                Assert.True((gradient - plain[name]).abs().max().item<float>() > 0, $"{name}: the bf16 gradient equals the float32 one, so nothing ran in bfloat16");
            }
        }
    }

    [Fact]
    public void A_scope_restores_the_precision_it_found()
    {
        Assert.Null(Autocast.LowPrecision);
        using (Autocast.Enable(ScalarType.BFloat16))
        {
            using (Autocast.Enable(null))
                Assert.Null(Autocast.LowPrecision);
            Assert.Equal(ScalarType.BFloat16, Autocast.LowPrecision);
        }
        Assert.Null(Autocast.LowPrecision);
    }

    [Fact]
    public void A_bf16_stage_trains_to_finite_numbers_of_its_own_the_same_twice()
    {
        var data = TinyTraining.Data();
        var recipe = TinyTraining.Recipe(epochs: 2);
        StageOutcome Train(TrainingRecipe r)
        {
            using var model = TinyTraining.Model();
            return new StageTrainer(r).Train(model, data, depth: 2);
        }
        var plain = Train(recipe);
        var mixed = Train(recipe with { Precision = ComputePrecision.BFloat16 });
        var again = Train(recipe with { Precision = ComputePrecision.BFloat16 });

        Assert.Null(mixed.Failure);
        Assert.Equal(mixed.Epochs.Select(e => e.TrainLoss), again.Epochs.Select(e => e.TrainLoss));
        Assert.NotEqual(plain.Epochs.Select(e => e.TrainLoss), mixed.Epochs.Select(e => e.TrainLoss));
        Assert.All(plain.Epochs.Zip(mixed.Epochs), p => Assert.Equal(p.First.TrainLoss, p.Second.TrainLoss, 0.05 * p.First.TrainLoss + 0.01));
        Assert.Null(Autocast.LowPrecision);
    }

    [Fact]
    public void Bfloat16_is_offered_on_cuda_and_on_a_cpu_that_lists_its_instructions()
    {
        Assert.True(TorchRuntime.BFloat16Support("cuda:0").Available);
        var cpu = TorchRuntime.BFloat16Support("cpu");
        var flags = File.ReadAllText("/proc/cpuinfo");
        Assert.Equal(flags.Contains(" avx512_bf16", StringComparison.Ordinal) || flags.Contains(" amx_bf16", StringComparison.Ordinal), cpu.Available);
        Assert.Matches(cpu.Available ? "^the CPU has (avx512_bf16|amx_bf16)$" : "^the CPU lists none of avx512_bf16, amx_bf16 in /proc/cpuinfo$", cpu.Why);
    }

    private static Tensor Run(OnnxResNet model, Tensor input, ScalarType? low)
    {
        using var scope = Autocast.Enable(low);
        using var noGrad = no_grad();
        return model.call(input);
    }

    private static Tensor Prefix(OnnxResNet model, Tensor input)
    {
        using var scope = Autocast.Enable(ScalarType.BFloat16);
        using var noGrad = no_grad();
        return model.ForwardBlocks(input, 0, 3);
    }

    private static Dictionary<string, Tensor> Gradients(nn.Module<Tensor, Tensor> model, Tensor input, ScalarType? low)
    {
        model.zero_grad();
        using (Autocast.Enable(low))
        {
            using var output = model.call(input);
            using var loss = output.square().mean();
            loss.backward();
        }
        return model.named_parameters().Where(p => p.parameter.requires_grad && p.parameter.grad is not null)
            .ToDictionary(p => p.name, p => p.parameter.grad!.clone());
    }
}
