using BrainTumor.Learning.Backbones;
using BrainTumor.Learning.Saliency;
using BrainTumor.Learning.Tests.Support;
using BrainTumor.Learning.Tests.Training;
using BrainTumor.Learning.Weights;
using BrainTumor.Testing;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Tests.Saliency;

/// <summary>
/// Grad-CAM against PyTorch: the width-8 VGG19 fixture (weights written by PyTorch) in both, the
/// reference done the usual way, with hooks on <c>features</c> of the whole network's forward.
/// </summary>
[Collection(SeededTorchCollection.Name)]
public class GradCamReferenceTests
{
    private const string Reference = """
        import sys, torch, torch.nn as nn, torch.nn.functional as F
        weights, input_path, shape, classes, output = sys.argv[1:6]
        shape = [int(s) for s in shape.split(',')]
        classes = torch.tensor([int(c) for c in classes.split(',')])
        layers, channels = [], 3
        for v in [8, 8, 'M', 16, 16, 'M', 32, 32, 32, 32, 'M', 64, 64, 64, 64, 'M', 64, 64, 64, 64, 'M']:
            if v == 'M':
                layers.append(nn.MaxPool2d(2, 2))
            else:
                layers += [nn.Conv2d(channels, v, 3, padding=1), nn.ReLU(inplace=True)]
                channels = v
        class Vgg(nn.Module):
            def __init__(self):
                super().__init__()
                self.features = nn.Sequential(*layers)
                self.avgpool = nn.AdaptiveAvgPool2d((7, 7))
                self.classifier = nn.Sequential(nn.Linear(64 * 49, 512), nn.ReLU(True), nn.Dropout(), nn.Linear(512, 512), nn.ReLU(True), nn.Dropout(), nn.Linear(512, 3))
            def forward(self, x):
                return self.classifier(torch.flatten(self.avgpool(self.features(x)), 1))
        model = Vgg()
        model.load_state_dict(torch.load(weights))
        model.eval()
        kept = {}
        def keep(module, inputs, out):
            kept['A'] = out
            out.register_hook(lambda g: kept.__setitem__('G', g))
        model.features.register_forward_hook(keep)
        x = torch.frombuffer(bytearray(open(input_path, 'rb').read()), dtype=torch.float32).reshape(shape)
        logits = model(x)
        logits.gather(1, classes[:, None]).sum().backward()
        cam = F.relu((kept['G'].mean((2, 3), keepdim=True) * kept['A']).sum(1, keepdim=True))
        cam = F.interpolate(cam, size=shape[2:], mode='bilinear', align_corners=False)[:, 0]
        low = cam.amin((1, 2), keepdim=True)
        cam = (cam - low) / (cam.amax((1, 2), keepdim=True) - low)
        open(output, 'wb').write(torch.cat([cam.flatten(), logits.flatten()]).detach().numpy().tobytes())
        """;

    [SkippableFact]
    public void Vgg19_maps_match_pytorchs_grad_cam()
    {
        var folder = TestPaths.NewTempDirectory("gradcam-reference");
        using var model = Vgg.Vgg19(Vgg19Fixture.Classes, Vgg19Fixture.WidthDivisor);
        WeightsImporter.Import(model, Vgg.Blocks(19), Vgg19Fixture.ZipFile);
        manual_seed(5);
        using var input = randn(3, 3, 128, 128); // features of 4x4 at 128, upsampled 32-fold
        int[] classes = [0, 1, 2];
        var inputPath = Path.Combine(folder, "input.f32");
        var values = input.data<float>().ToArray();
        var bytes = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        File.WriteAllBytes(inputPath, bytes);
        var outputPath = Path.Combine(folder, "reference.f32");

        PythonTorch.RunScript(Reference, folder, Vgg19Fixture.ZipFile, inputPath, "3,3,128,128", string.Join(',', classes), outputPath);
        using var output = GradCam.Compute(model, input, classes);

        var reference = Floats(outputPath);
        using var expectedMaps = tensor(reference[..(3 * 128 * 128)], [3, 128, 128]);
        using var expectedLogits = tensor(reference[(3 * 128 * 128)..], [3, 3]);
        TensorAssert.Close(expectedLogits, output.Logits, 1e-4);
        TensorAssert.Close(expectedMaps, output.Maps, 1e-4);
        Assert.All(SaliencyMap.FromBatch(output.Maps), m => Assert.Equal(1f, m.Values.Max()));
    }

    private static float[] Floats(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }
}
