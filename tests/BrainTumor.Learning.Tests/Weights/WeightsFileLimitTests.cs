using BrainTumor.Learning.Tests.Support;
using BrainTumor.Learning.Weights;
using BrainTumor.Testing;

namespace BrainTumor.Learning.Tests.Weights;

/// <summary>Declared sizes are checked against the file before anything is allocated.</summary>
public class WeightsFileLimitTests
{
    private static readonly CheckpointTensor[] Tensors = [CheckpointTensor.Range("conv.weight", 2, 3, 1, 1), CheckpointTensor.Range("conv.bias", 2)];

    private static string NewPath(string name) => Path.Combine(TestPaths.NewTempDirectory("limits"), name);

    [Fact]
    public void A_zip_storage_declaring_more_elements_than_its_record_holds_is_refused()
    {
        var path = NewPath("huge.pth");
        TorchCheckpointWriter.WriteZip(path, Tensors, TorchCheckpointWriter.StateDictPickle(Tensors, legacy: false, declaredCount: _ => 1L << 40));

        var e = Assert.Throws<InvalidDataException>(() => WeightsFile.Open(path).Dispose());

        Assert.Contains("holds 24 bytes; its storage declares 1099511627776 elements", e.Message);
    }

    [Fact]
    public void A_deflated_record_declaring_more_than_deflate_can_produce_is_refused()
    {
        var path = NewPath("bomb.pth");
        const long declared = 500_000_000;
        TorchCheckpointWriter.WriteZip(path, Tensors, TorchCheckpointWriter.StateDictPickle(Tensors, legacy: false, declaredCount: t => t.Key == "conv.weight" ? declared : t.Values.Length), deflate: true);
        TorchCheckpointWriter.DeclareZipRecordSize(path, "archive/data/0", (uint)(declared * 4));

        var e = Assert.Throws<InvalidDataException>(() => WeightsFile.Open(path).Dispose());

        Assert.Contains("record archive/data/0 declares 2000000000 bytes from", e.Message);
        Assert.Contains("more than deflate can produce", e.Message);
    }

    [Fact]
    public void Deflated_records_within_reach_are_read()
    {
        var path = NewPath("deflated.pth");
        TorchCheckpointWriter.WriteZip(path, Tensors, deflate: true);

        using var file = WeightsFile.Open(path);
        using var weight = file.Read("conv.weight");

        Assert.Equal(Tensors[0].Values, weight.data<float>().ToArray());
    }

    [Fact]
    public void A_tensor_reaching_past_its_storage_is_refused()
    {
        var path = NewPath("reach.pth");
        var bigger = new[] { Tensors[0] with { Shape = [1000, 1000] }, Tensors[1] };
        TorchCheckpointWriter.WriteZip(path, Tensors, TorchCheckpointWriter.StateDictPickle(bigger, legacy: false, declaredCount: t => t.Values.Length));

        var e = Assert.Throws<InvalidDataException>(() => WeightsFile.Open(path).Dispose());

        Assert.Contains("reaches element 1000000 of storage '0', which declares 6", e.Message);
    }

    [Fact]
    public void A_truncated_legacy_file_is_refused_before_reading()
    {
        var path = NewPath("cut.pth");
        TorchCheckpointWriter.WriteLegacy(path, Tensors);
        using (var file = File.OpenWrite(path))
            file.SetLength(file.Length - 5);

        var e = Assert.Throws<InvalidDataException>(() => WeightsFile.Open(path).Dispose());

        Assert.StartsWith(path, e.Message);
        Assert.Contains("runs past the end of the file", e.Message);
    }

    [Fact]
    public void A_legacy_storage_count_that_disagrees_with_the_pickle_is_refused()
    {
        var path = NewPath("lie.pth");
        TorchCheckpointWriter.WriteLegacy(path, Tensors, TorchCheckpointWriter.StateDictPickle(Tensors, legacy: true, declaredCount: t => t.Values.Length * 1000L));

        var e = Assert.Throws<InvalidDataException>(() => WeightsFile.Open(path).Dispose());

        Assert.Contains("holds 6 elements, its tensors declare 6000", e.Message);
    }

    [Fact]
    public void A_truncated_zip_is_refused()
    {
        var path = NewPath("cut-zip.pth");
        TorchCheckpointWriter.WriteZip(path, Tensors);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var e = Assert.Throws<InvalidDataException>(() => WeightsFile.Open(path).Dispose());

        Assert.StartsWith(path, e.Message);
    }

    [Fact]
    public void A_safetensors_header_longer_than_the_file_is_refused()
    {
        var path = NewPath("header.safetensors");
        SafetensorsWriter.Write(path, Tensors, declaredHeaderLength: 1UL << 40);

        var e = Assert.Throws<InvalidDataException>(() => WeightsFile.Open(path).Dispose());

        Assert.Contains("safetensors header of 1099511627776 bytes, in a file of", e.Message);
    }

    [Fact]
    public void A_safetensors_header_longer_than_what_follows_it_but_inside_the_file_limit_is_refused()
    {
        var path = NewPath("header2.safetensors");
        SafetensorsWriter.Write(path, Tensors, declaredHeaderLength: 120);

        var e = Assert.Throws<InvalidDataException>(() => WeightsFile.Open(path).Dispose());

        Assert.StartsWith(path, e.Message);
    }

    [Fact]
    public void A_safetensors_range_past_the_end_is_refused()
    {
        var path = NewPath("range.safetensors");
        SafetensorsWriter.Write(path, Tensors, json => json.Replace("[24,32]", "[24,4000000032]").Replace("\"shape\":[2]", "\"shape\":[1000000002]"));

        var e = Assert.Throws<InvalidDataException>(() => WeightsFile.Open(path).Dispose());

        Assert.Contains("tensor 'conv.bias' spans bytes 24-4000000032 of the data, which has 32: truncated", e.Message);
    }

    [Fact]
    public void A_safetensors_range_that_disagrees_with_the_shape_is_refused()
    {
        var path = NewPath("shape.safetensors");
        SafetensorsWriter.Write(path, Tensors, json => json.Replace("\"shape\":[2]", "\"shape\":[3]"));

        var e = Assert.Throws<InvalidDataException>(() => WeightsFile.Open(path).Dispose());

        Assert.Contains("F32 [3] needs 12 bytes, data_offsets give 8", e.Message);
    }

    [Fact]
    public void Overlapping_safetensors_ranges_are_refused()
    {
        var path = NewPath("overlap.safetensors");
        SafetensorsWriter.Write(path, Tensors, json => json.Replace("[24,32]", "[16,24]"));

        var e = Assert.Throws<InvalidDataException>(() => WeightsFile.Open(path).Dispose());

        Assert.Contains("overlap", e.Message);
    }

    [Fact]
    public void A_file_of_another_kind_is_refused_saying_what_was_expected()
    {
        var path = NewPath("notes.pth");
        File.WriteAllText(path, "these are not weights at all");

        var e = Assert.Throws<InvalidDataException>(() => WeightsFile.Open(path).Dispose());

        Assert.Contains("not a PyTorch (.pth, zip or legacy format) or safetensors weights file", e.Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var path = NewPath("absent.pth");
        var e = Assert.Throws<FileNotFoundException>(() => WeightsFile.Open(path).Dispose());
        Assert.Contains(path, e.Message);
    }
}
