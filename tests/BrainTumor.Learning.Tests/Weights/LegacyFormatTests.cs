using BrainTumor.Learning.Tests.Support;
using BrainTumor.Learning.Weights;
using BrainTumor.Testing;

namespace BrainTumor.Learning.Tests.Weights;

/// <summary>PyTorch's legacy format is read; its variants this reader does not take are refused with the conversion line.</summary>
public class LegacyFormatTests
{
    private static readonly CheckpointTensor[] Tensors = [CheckpointTensor.Range("a.weight", 4, 2), CheckpointTensor.Range("a.bias", 4)];

    private static string NewPath() => Path.Combine(TestPaths.NewTempDirectory("legacy"), "old.pth");

    [Fact]
    public void A_legacy_state_dict_is_read_tensor_for_tensor()
    {
        var path = NewPath();
        TorchCheckpointWriter.WriteLegacy(path, Tensors);

        using var file = WeightsFile.Open(path);

        Assert.Equal("pytorch-legacy", file.Format);
        foreach (var expected in Tensors)
        {
            using var actual = file.Read(expected.Key);
            Assert.Equal(expected.Shape, actual.shape);
            Assert.Equal(expected.Values, actual.data<float>().ToArray());
        }
    }

    [Fact]
    public void A_strided_view_at_an_offset_is_read_as_that_view()
    {
        var path = NewPath();
        var view = new CheckpointTensor("t", [2, 3], Enumerable.Range(0, 8).Select(i => (float)i).ToArray()) { Offset = 1, Strides = [1, 2] };
        TorchCheckpointWriter.WriteLegacy(path, [view]);

        using var file = WeightsFile.Open(path);
        using var t = file.Read("t");

        Assert.Equal([2L, 3L], t.shape);
        Assert.Equal([1f, 3f, 5f, 2f, 4f, 6f], t.data<float>().ToArray()); // element (i, j) is storage[1 + i + 2j]
    }

    [Fact]
    public void Another_legacy_version_is_refused_with_the_one_line_conversion()
    {
        var path = NewPath();
        TorchCheckpointWriter.WriteLegacy(path, Tensors);
        var bytes = File.ReadAllBytes(path);
        var version = bytes.AsSpan().IndexOf(new byte[] { (byte)'J', 0xe9, 0x03 }); // BININT 1001, the second pickle
        bytes[version + 1] = 0xe8; // 1000
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<InvalidDataException>(() => WeightsFile.Open(path).Dispose());

        Assert.Contains("legacy format version 1000", e.Message);
        Assert.Contains($"python3 -c \"import torch; torch.save(torch.load('{path}', map_location='cpu'), ", e.Message);
        Assert.Contains("old-zip.pth", e.Message);
    }

    [Fact]
    public void The_tar_format_of_pytorch_0_1_is_refused_with_the_conversion()
    {
        var path = NewPath();
        var bytes = new byte[1024];
        "ustar"u8.CopyTo(bytes.AsSpan(257));
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<InvalidDataException>(() => WeightsFile.Open(path).Dispose());

        Assert.Contains("tar format", e.Message);
        Assert.Contains("python3 -c \"import torch;", e.Message);
    }

    [Fact]
    public void A_pickle_that_is_not_a_pytorch_checkpoint_is_refused()
    {
        var path = NewPath();
        File.WriteAllBytes(path, new PickleWriter().Proto().Str("hello").Stop().ToArray().Concat(new byte[16]).ToArray());

        var e = Assert.Throws<InvalidDataException>(() => WeightsFile.Open(path).Dispose());

        Assert.Contains("not a PyTorch checkpoint", e.Message);
    }
}
