using System.Text.Json;
using BrainTumor.Testing;
using static TorchSharp.torch;

namespace BrainTumor.Learning.Tests.Support;

/// <summary>tests/fixtures/vgg19-w8: VGG19 at width 1/8 with random weights, its input and PyTorch's outputs.</summary>
internal static class Vgg19Fixture
{
    public const int WidthDivisor = 8;
    public const int Classes = 3;

    public static string Directory => Path.Combine(TestPaths.Fixtures, "vgg19-w8");

    public static string ZipFile => Path.Combine(Directory, "vgg19-w8.pth");

    /// <summary>The legacy-format copy lives only in ../shared (README of the fixture); skips (fails under BRAINTUMOR_REQUIRE_ALL) where absent.</summary>
    public static string LegacyFile => TestPaths.RequireShared("fixtures", "vgg19-w8", "vgg19-w8-legacy.pth");

    public static Tensor Input => Read("input.f32", [2, 3, 64, 64]);

    public static Tensor Features => Read("features.f32", [2, 64, 2, 2]);

    public static Tensor Logits => Read("logits.f32", [2, 3]);

    /// <summary>fixture.json's key -> shape table, in its order.</summary>
    public static IReadOnlyList<(string Key, long[] Shape)> Keys()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "fixture.json")));
        return json.RootElement.GetProperty("keys").EnumerateObject()
            .Select(p => (p.Name, p.Value.EnumerateArray().Select(d => d.GetInt64()).ToArray()))
            .ToList();
    }

    private static Tensor Read(string name, long[] shape)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Directory, name));
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return tensor(values, shape);
    }
}
